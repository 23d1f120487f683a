using DeferredOrleans.Abstractions.Clients;

namespace DeferredOrleans.Grains.Clients;

/// <summary>The stored state of an <see cref="IClientGrain"/>.</summary>
[GenerateSerializer, Alias("DeferredOrleans.ClientState")]
public sealed class ClientState
{
    /// <summary>The registration; null when there is none (never made, or deleted).</summary>
    [Id(0)] public ClientRecord? Record { get; set; }
}
