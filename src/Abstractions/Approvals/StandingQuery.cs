using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>A request as a standing decision sees it: everything a standing decision must cover.</summary>
/// <param name="ClientId">The requesting client.</param>
/// <param name="Rule">The policy rule(s) that deferred it.</param>
/// <param name="Scopes">Requested scopes.</param>
/// <param name="Resources">Requested resources.</param>
/// <param name="GrantType">The grant type.</param>
/// <param name="Subject">The subject the token would be issued for.</param>
/// <param name="AuthorizationDetails">Requested authorization_details (JSON), or null.</param>
/// <param name="Actor">The RFC 8693 actor (<c>act</c> as JSON), or null.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.StandingQuery")]
public sealed record StandingQuery(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string Rule,
    [property: Id(2)] ImmutableArray<string> Scopes,
    [property: Id(3)] ImmutableArray<string> Resources,
    [property: Id(4)] string GrantType,
    [property: Id(5)] string Subject,
    [property: Id(6)] string? AuthorizationDetails = null,
    [property: Id(7)] string? Actor = null);
