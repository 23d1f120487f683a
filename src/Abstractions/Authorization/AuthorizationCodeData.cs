using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Authorization;

/// <summary>What an authorization code grants.</summary>
/// <param name="ClientId">The client it was issued to.</param>
/// <param name="RedirectUri">The redirect URI of the authorization request.</param>
/// <param name="CodeChallenge">The PKCE S256 code challenge.</param>
/// <param name="Subject">The user who signed in and consented.</param>
/// <param name="Scopes">Consented scopes.</param>
/// <param name="Resources">Requested resources.</param>
/// <param name="AuthorizationDetails">Requested authorization_details (JSON), or null.</param>
/// <param name="Nonce">The OpenID Connect nonce, or null.</param>
/// <param name="DeferredHint">Whether <c>completion_mode=deferred</c> was sent to <c>/authorize</c>.</param>
/// <param name="AuthTime">When the user signed in.</param>
/// <param name="ExpiresAt">When the code expires.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuthorizationCodeData")]
public sealed record AuthorizationCodeData(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string RedirectUri,
    [property: Id(2)] string CodeChallenge,
    [property: Id(3)] string Subject,
    [property: Id(4)] ImmutableArray<string> Scopes,
    [property: Id(5)] ImmutableArray<string> Resources,
    [property: Id(6)] string? AuthorizationDetails,
    [property: Id(7)] string? Nonce,
    [property: Id(8)] bool DeferredHint,
    [property: Id(9)] DateTimeOffset AuthTime,
    [property: Id(10)] DateTimeOffset ExpiresAt);
