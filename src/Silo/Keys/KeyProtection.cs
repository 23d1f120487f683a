using System.Security.Cryptography.X509Certificates;
using DeferredOrleans.Core;
using DeferredOrleans.Silo.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace DeferredOrleans.Silo.Keys;

/// <summary>
/// The key-encryption key of the key ring grain: ASP.NET Core Data Protection with its own key ring in a directory
/// apart from grain storage, so that a copy of the database alone yields no key.
/// </summary>
public static class KeyProtection
{
    /// <summary>Every silo must use the same name: Data Protection isolates applications by it.</summary>
    public const string ApplicationName = "deferred-orleans";

    /// <summary>One in-memory key for the whole process: the memory profile's silos (tests only) share grain state, so they share this too.</summary>
    private static readonly EphemeralDataProtectionProvider ProcessKeys = new();

    public static IServiceCollection AddKeyProtection(this IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        var options = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        var directory = Directory(options, storage);
        if (directory is null)
        {
            services.AddSingleton<IDataProtectionProvider>(ProcessKeys);
            return services;
        }

        OwnerOnly.CreateDirectory(directory, restrictExisting: true);
        OwnerOnlyXmlRepository.RestrictFiles(directory);
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((o, loggers) => o.XmlRepository = new OwnerOnlyXmlRepository(new DirectoryInfo(directory), loggers));
        if (options.CertificatePath is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return services;
    }

    /// <summary>The key ring directory in force: configured, else beside the SQLite file; null for memory storage.</summary>
    public static string? Directory(KeyProtectionOptions options, StorageOptions storage)
    {
        if (options.Directory is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        return storage.Profile switch
        {
            StorageProfile.Sqlite => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.SqlitePath))!, "keys"),
            StorageProfile.Memory => null,
            _ => throw new ConfigurationProblemException("key", [
                $"{KeyProtectionOptions.Section}:Directory must name the key-encryption key ring that every silo shares (a mounted volume) when storage is {storage.Profile}"]),
        };
    }
}
