using System.Security.Cryptography.X509Certificates;
using DeferredOrleans.Core;
using DeferredOrleans.Grains.Keys;
using DeferredOrleans.Silo.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace DeferredOrleans.Silo.Keys;

/// <summary>
/// The key-encryption key of the grains' secrets (<see cref="KeyEncryptionKey"/>): ASP.NET Core Data Protection with its
/// own key ring in a directory apart from grain storage, so that a copy of the database alone yields no key. It is a
/// provider of its own, never the host's: a gateway co-hosting the silo has a second Data Protection (for its cookies)
/// whose key ring is in grain storage, encrypted under this one.
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
        var directory = Directory(options, storage);
        if (directory is null)
        {
            services.AddSingleton(new KeyEncryptionKey(ProcessKeys));
            return services;
        }

        OwnerOnly.CreateDirectory(directory, restrictExisting: true);
        OwnerOnlyXmlRepository.RestrictFiles(directory);
        var certificate = options.CertificatePath is { Length: > 0 } path
            ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet)
            : null;
        services.AddSingleton(sp => new KeyEncryptionKey(DataProtectionProvider.Create(new DirectoryInfo(directory), dataProtection =>
        {
            dataProtection.SetApplicationName(ApplicationName);
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            dataProtection.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new OwnerOnlyXmlRepository(new DirectoryInfo(directory), loggers));
            if (certificate is not null)
            {
                dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
            }
        })));
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
