using DeferredOrleans.Silo;
using DeferredOrleans.Silo.Clustering;
using DeferredOrleans.Silo.Storage;
using DeferredOrleans.Silo.Storage.Azure;
using DeferredOrleans.Silo.Storage.Postgres;
using Orleans.Configuration;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>How a gateway that is an Orleans client finds the silos: the same <c>DeferredOrleans:Silo</c> settings the silos use.</summary>
public static class ClientClustering
{
    public static IClientBuilder UseDeferredOrleansClustering(this IClientBuilder client, IConfiguration configuration)
    {
        var hosting = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        if (hosting.Clustering == ClusteringMode.Localhost)
        {
            return client.UseLocalhostClustering(hosting.GatewayPort, SiloConfiguration.ServiceId, hosting.ClusterId);
        }

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (hosting.Clustering == ClusteringMode.Postgres)
        {
            // The silos create the membership table; until one has, connecting fails and is retried (ClusterConnectionRetry).
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = PostgresSchema.ConnectionString(storage);
            });
        }
        else
        {
            client.UseAzureStorageClustering(o =>
            {
                o.TableServiceClient = AzureStorageClients.Tables(storage);
                o.TableName = $"{AzureStorageProfile.Prefix}membership";
            });
        }

        if (storage.Profile == StorageProfile.Postgres || hosting.Clustering == ClusteringMode.Postgres)
        {
            client.Services.AddNpgsqlExceptionSerialization();
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = hosting.ClusterId;
            o.ServiceId = SiloConfiguration.ServiceId;
        });

        // Learn of new and departed silos within seconds, not the default minute.
        return client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
    }
}
