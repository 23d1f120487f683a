using System.Security.Cryptography.X509Certificates;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Crypto;
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
    private static readonly KeyEncryptionKey ProcessKeys = new(new EphemeralDataProtectionProvider());

    /// <summary>
    /// Registers the <see cref="KeyEncryptionKey"/>: a Data Protection provider built in a service collection of its
    /// own, so that the application's <c>AddDataProtection</c> (the gateways' cookie keys in grain storage) neither
    /// replaces its repository nor its application name.
    /// </summary>
    public static IServiceCollection AddKeyProtection(this IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        var options = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        var directory = Directory(options, storage);
        if (directory is null)
        {
            services.AddSingleton(ProcessKeys);
            return services;
        }

        OwnerOnly.CreateDirectory(directory, restrictExisting: true);
        OwnerOnlyXmlRepository.RestrictFiles(directory);
        services.AddSingleton(sp => new KeyEncryptionKey(Provider(directory, options, sp.GetRequiredService<ILoggerFactory>())));
        return services;
    }

    private static IDataProtectionProvider Provider(string directory, KeyProtectionOptions options, ILoggerFactory loggers)
    {
        var services = new ServiceCollection().AddSingleton(loggers).AddLogging();
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new OwnerOnlyXmlRepository(new DirectoryInfo(directory), loggers));
        if (options.CertificatePath is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        // The provider lives as long as the process; its service provider is never disposed on purpose.
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
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
