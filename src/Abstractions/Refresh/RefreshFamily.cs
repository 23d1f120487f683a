using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>The grant a refresh token family carries.</summary>
/// <param name="ClientId">The client it belongs to.</param>
/// <param name="Subject">The user.</param>
/// <param name="Scopes">Granted scopes.</param>
/// <param name="Resources">Granted resources.</param>
/// <param name="AuthorizationDetails">Granted authorization_details (JSON), or null.</param>
/// <param name="Actor">The <c>act</c> claim (JSON), or null.</param>
/// <param name="DpopJkt">The DPoP key the family is bound to (public clients), or null.</param>
/// <param name="AuthorizationExpiresAt">When the grant itself ends (RT-EXP <c>authorization_expires_in</c>).</param>
/// <param name="IdleTimeout">How long a token may sit unused (RT-EXP <c>refresh_token_timeout</c>).</param>
/// <param name="Reauthorization">How the family asks for re-authorization before it ends, or null when it simply ends.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.RefreshFamily")]
public sealed record RefreshFamily(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string Subject,
    [property: Id(2)] ImmutableArray<string> Scopes,
    [property: Id(3)] ImmutableArray<string> Resources,
    [property: Id(4)] string? AuthorizationDetails,
    [property: Id(5)] string? Actor,
    [property: Id(6)] string? DpopJkt,
    [property: Id(7)] DateTimeOffset AuthorizationExpiresAt,
    [property: Id(8)] TimeSpan IdleTimeout,
    [property: Id(9)] ReauthorizationTerms? Reauthorization = null);
