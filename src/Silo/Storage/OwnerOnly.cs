using System.Runtime.Versioning;

namespace DeferredOrleans.Silo.Storage;

/// <summary>
/// Files and directories that only the server's own user may read: 0600 and 0700 (the umask of secrets). On Windows
/// the modes do not apply; there the directories' ACLs are the operator's business.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [UnsupportedOSPlatformGuard("windows")]
    private static bool Applies => !OperatingSystem.IsWindows();

    /// <summary>Creates the directory and its missing parents 0700; an existing one keeps its mode unless <paramref name="restrictExisting"/>.</summary>
    public static void CreateDirectory(string path, bool restrictExisting)
    {
        if (!Applies)
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            // Directory.CreateDirectory gives the mode to the last directory only; missing parents are made here first.
            var missing = new Stack<string>();
            for (var directory = Path.GetFullPath(path); !Directory.Exists(directory); directory = Path.GetDirectoryName(directory)!)
            {
                missing.Push(directory);
            }

            while (missing.TryPop(out var directory))
            {
                Directory.CreateDirectory(directory, DirectoryPermissions);
            }
        }
        else if (restrictExisting)
        {
            Restrict(path, DirectoryPermissions);
        }
    }

    /// <summary>Creates an empty file 0600 if it is missing, before anything else opens it; an existing one is set to 0600.</summary>
    public static void CreateFile(string path)
    {
        if (!Applies)
        {
            return;
        }

        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FilePermissions });
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Someone else created it in between; it is restricted below like any existing file.
            }
        }

        Restrict(path, FilePermissions);
    }

    /// <summary>Sets <paramref name="path"/> to <paramref name="mode"/> if its mode allows more.</summary>
    public static void Restrict(string path, UnixFileMode mode)
    {
        if (Applies && (File.GetUnixFileMode(path) & ~mode) != 0)
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
