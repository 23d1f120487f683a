using DeferredOrleans.Silo.Clustering;

namespace DeferredOrleans.Silo;

/// <summary>How a silo joins its cluster (section <c>DeferredOrleans:Silo</c>).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "DeferredOrleans:Silo";

    public string ClusterId { get; set; } = "deferred-orleans";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary><c>Localhost</c> (one process, the embedded default), or a membership table in <c>AzureStorage</c> or <c>Postgres</c>.</summary>
    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    /// <summary>The address other silos and clients reach this silo at: an IP address or a host name. Loopback when empty.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Listen on every interface (containers) rather than only the advertised address.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>Take the silo name and address from the pod (Microsoft.Orleans.Hosting.Kubernetes).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Where a standalone silo serves its health probes (and the dashboard, when enabled).</summary>
    public string AdminUrls { get; set; } = "http://127.0.0.1:8081";
}
