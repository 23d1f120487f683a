using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>
/// A bounded, revocable approval of future requests: exactly what its approver saw and approved, or less of it. A
/// decision stored before it recorded the grant type and subject (both null) covers no request.
/// </summary>
/// <param name="Id">Its id (named in the evidence of tokens it let through).</param>
/// <param name="ApproverId">Whose decision it stands for.</param>
/// <param name="ClientId">The client it covers.</param>
/// <param name="Rule">The policy rule(s) whose requests it covers.</param>
/// <param name="Scopes">Covered scopes (as granted, after any narrowing); a request may ask for these or fewer.</param>
/// <param name="Resources">Covered resources; a request may name these or fewer.</param>
/// <param name="CreatedAt">When the approver made it.</param>
/// <param name="ExpiresAt">When it ends.</param>
/// <param name="GrantType">The grant type it covers, and no other; null in decisions stored before it was recorded.</param>
/// <param name="Subject">The subject it covers, and no other; null in decisions stored before it was recorded.</param>
/// <param name="AuthorizationDetails">Covered authorization_details (JSON, as granted); a request may ask for these or less. Null: none.</param>
/// <param name="Actor">The RFC 8693 actor (<c>act</c> as JSON) it covers; null: requests without one.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.StandingDecision")]
public sealed record StandingDecision(
    [property: Id(0)] string Id,
    [property: Id(1)] string ApproverId,
    [property: Id(2)] string ClientId,
    [property: Id(3)] string Rule,
    [property: Id(4)] ImmutableArray<string> Scopes,
    [property: Id(5)] ImmutableArray<string> Resources,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] string? GrantType = null,
    [property: Id(9)] string? Subject = null,
    [property: Id(10)] string? AuthorizationDetails = null,
    [property: Id(11)] string? Actor = null)
{
    /// <summary>Whether it was stored before standing decisions recorded grant type and subject; such a one covers nothing.</summary>
    public bool IsLegacy => GrantType is null || Subject is null;
}
