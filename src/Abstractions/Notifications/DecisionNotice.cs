using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>
/// What the subject of a request (the user an agent or application acts for) may be told when its decision lands:
/// what was asked, by whom, and whether it was approved. Never who decided, never the deferral code.
/// </summary>
/// <param name="Id">The approval id.</param>
/// <param name="ClientId">The requesting client.</param>
/// <param name="Subject">The user it was asked for (the recipient).</param>
/// <param name="Actor">The RFC 8693 <c>act</c> claim (JSON text), or null.</param>
/// <param name="Scopes">The scopes decided on (as granted, when approved).</param>
/// <param name="Resources">The resources.</param>
/// <param name="GrantType">The originating grant type (authorization code, CIBA, …).</param>
/// <param name="Approved">True when approved, false when denied.</param>
/// <param name="DecidedAt">When the decision landed.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DecisionNotice")]
public sealed record DecisionNotice(
    [property: Id(0)] string Id,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string Subject,
    [property: Id(3)] string? Actor,
    [property: Id(4)] ImmutableArray<string> Scopes,
    [property: Id(5)] ImmutableArray<string> Resources,
    [property: Id(6)] string GrantType,
    [property: Id(7)] bool Approved,
    [property: Id(8)] DateTimeOffset DecidedAt);
