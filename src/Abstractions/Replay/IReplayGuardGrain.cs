namespace DeferredOrleans.Abstractions.Replay;

/// <summary>
/// Remembers one-time identifiers (DPoP proof <c>jti</c>s, JWT assertion <c>jti</c>s) until they expire, so a second use
/// is refused. Keyed by purpose and a hash bucket of the identifier.
/// </summary>
[Alias("DeferredOrleans.IReplayGuardGrain")]
public interface IReplayGuardGrain : IGrainWithStringKey
{
    /// <summary>True the first time an identifier is seen before it expires, false on every later try.</summary>
    [Alias("TryUse")]
    Task<bool> TryUseAsync(string id, DateTimeOffset expiresAt);
}
