namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>What a refresh token operation found or did.</summary>
/// <param name="Result">The result.</param>
/// <param name="Family">The grant, when the token was valid.</param>
/// <param name="IdleExpiresAt">When the current token expires if left unused.</param>
/// <param name="Reauthorization">The re-authorization the client must wait for, with <see cref="RefreshResult.ReauthorizationPending"/>.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.RefreshOutcome")]
public sealed record RefreshOutcome(
    [property: Id(0)] RefreshResult Result,
    [property: Id(1)] RefreshFamily? Family = null,
    [property: Id(2)] DateTimeOffset? IdleExpiresAt = null,
    [property: Id(3)] PendingReauthorization? Reauthorization = null);

/// <summary>Refresh token results.</summary>
public enum RefreshResult
{
    /// <summary>The token is the family's current one and usable.</summary>
    Valid = 0,

    /// <summary>Unknown, another client's, revoked, reused (which revoked the family), or expired.</summary>
    Invalid = 1,

    /// <summary>The family waits for a deferred refresh; its token cannot be used meanwhile.</summary>
    Suspended = 2,

    /// <summary>The family is bound to a DPoP key the request did not prove.</summary>
    WrongProofKey = 3,

    /// <summary>The grant ended and its re-authorization waits for a decision: the client is deferred to it.</summary>
    ReauthorizationPending = 4,
}
