using DeferredOrleans.Grains;
namespace DeferredOrleans.Silo.Storage.Azure;

/// <summary>The cluster profile's storage: grain state in Azure Table (or Blob) storage, reminders in Azure Table storage.</summary>
public static class AzureStorageProfile
{
    /// <summary>Prefix of every table and container this service creates, so one account can hold several services.</summary>
    public const string Prefix = "deferredorleans";

    public static ISiloBuilder UseAzureStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        foreach (var name in StorageNames.All)
        {
            if (storage.AzureGrainStore == AzureGrainStore.Blob)
            {
                silo.AddAzureBlobGrainStorage(name, o =>
                {
                    o.BlobServiceClient = AzureStorageClients.Blobs(storage);
                    o.ContainerName = $"{Prefix}-{name}";
                });
            }
            else
            {
                silo.AddAzureTableGrainStorage(name, o =>
                {
                    o.TableServiceClient = AzureStorageClients.Tables(storage);
                    o.TableName = $"{Prefix}{name}";
                });
            }
        }

        return silo.UseAzureTableReminderService(o =>
        {
            o.TableServiceClient = AzureStorageClients.Tables(storage);
            o.TableName = $"{Prefix}reminders";
        });
    }
}
