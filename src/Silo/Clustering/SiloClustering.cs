using System.Net;
using System.Net.Sockets;
using DeferredOrleans.Silo.Storage;
using DeferredOrleans.Silo.Storage.Azure;
using DeferredOrleans.Silo.Storage.Postgres;
using Orleans.Configuration;

namespace DeferredOrleans.Silo.Clustering;

/// <summary>How a silo joins its cluster, from <c>DeferredOrleans:Silo</c>; every host (standalone or co-hosted) calls this.</summary>
public static class SiloClustering
{
    public static ISiloBuilder UseDeferredOrleansClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var hosting = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        if (hosting.Clustering == ClusteringMode.Localhost)
        {
            return silo.UseLocalhostClustering(hosting.SiloPort, hosting.GatewayPort, serviceId: SiloConfiguration.ServiceId, clusterId: hosting.ClusterId);
        }

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (hosting.Clustering == ClusteringMode.Postgres)
        {
            silo.Services.AddPostgresSchema();
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = PostgresSchema.ConnectionString(storage);
            });
        }
        else
        {
            silo.UseAzureStorageClustering(o =>
            {
                o.TableServiceClient = AzureStorageClients.Tables(storage);
                o.TableName = $"{AzureStorageProfile.Prefix}membership";
            });
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = hosting.ClusterId;
            o.ServiceId = SiloConfiguration.ServiceId;
        });
        silo.UseFastFailureDetection(configuration);

        if (hosting.Kubernetes)
        {
            // The pod's name and IP become the silo's; ports stay ours.
            silo.UseKubernetesHosting();
            return silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = hosting.SiloPort;
                o.GatewayPort = hosting.GatewayPort;
            });
        }

        return silo.ConfigureEndpoints(Advertised(hosting.AdvertisedAddress), hosting.SiloPort, hosting.GatewayPort, hosting.ListenOnAnyAddress);
    }

    private static IPAddress Advertised(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(address, out var ip))
        {
            return ip;
        }

        // A container's service name: the first IPv4 address it resolves to is how peers will reach it.
        return Dns.GetHostAddresses(address).First(a => a.AddressFamily == AddressFamily.InterNetwork);
    }
}
