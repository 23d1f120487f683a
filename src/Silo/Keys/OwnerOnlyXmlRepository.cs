using System.Xml.Linq;
using DeferredOrleans.Silo.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DeferredOrleans.Silo.Keys;

/// <summary>Data Protection's file repository, whose key files are 0600 whatever the process's umask.</summary>
internal sealed class OwnerOnlyXmlRepository(DirectoryInfo directory, ILoggerFactory loggers) : FileSystemXmlRepository(directory, loggers)
{
    public override void StoreElement(XElement element, string friendlyName)
    {
        base.StoreElement(element, friendlyName);

        // The directory is 0700, so nobody else could open the file in the moment before this.
        RestrictFiles(Directory.FullName);
    }

    public static void RestrictFiles(string directory)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(directory))
        {
            OwnerOnly.Restrict(file, OwnerOnly.FilePermissions);
        }
    }
}
