namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>A re-authorization that waits for a decision after the grant ended: its deferral code, sealed.</summary>
/// <param name="SealedCode">The deferral code, sealed with the key ring's sealing key (storage never holds it in clear).</param>
/// <param name="ExpiresAt">When the re-authorization request dies.</param>
/// <param name="IntervalSeconds">Minimum seconds between polls.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.PendingReauthorization")]
public sealed record PendingReauthorization(
    [property: Id(0)] byte[] SealedCode,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] int IntervalSeconds);
