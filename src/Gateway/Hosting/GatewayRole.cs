namespace DeferredOrleans.Gateway.Hosting;

/// <summary>How the gateway reaches the grains.</summary>
public enum GatewayRole
{
    /// <summary>The gateway hosts a silo itself (the embedded default; in a cluster, a "gateway silo").</summary>
    Silo,

    /// <summary>The gateway is an Orleans client of separate silos, found through the cluster's membership table.</summary>
    Client,
}
