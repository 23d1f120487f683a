using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace DeferredOrleans.Silo.Storage.Azure;

/// <summary>
/// Azure Storage clients for every Orleans provider of the cluster profile. The SDK's defaults (100 s network timeout,
/// three exponential retries) would hold a token request for minutes during an outage; a caller is better served by
/// a quick 503 and a retry.
/// </summary>
public static class AzureStorageClients
{
    public static TableServiceClient Tables(StorageOptions storage) =>
        new(ConnectionString(storage), Configure(new TableClientOptions(), storage));

    public static BlobServiceClient Blobs(StorageOptions storage) =>
        new(ConnectionString(storage), Configure(new BlobClientOptions(), storage));

    private static string ConnectionString(StorageOptions storage) =>
        storage.AzureConnectionString is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException($"{StorageOptions.Section}:{nameof(StorageOptions.AzureConnectionString)} is required by the {StorageProfile.AzureStorage} profile and by Azure Table clustering.");

    private static T Configure<T>(T options, StorageOptions storage)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = storage.AzureMaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = storage.AzureRequestTimeout;
        return options;
    }
}
