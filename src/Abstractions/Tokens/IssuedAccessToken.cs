namespace DeferredOrleans.Abstractions.Tokens;

/// <summary>An access token as the grant it came from remembers it, so that ending the grant can revoke it.</summary>
/// <param name="Jti">Its <c>jti</c>, the key of its <see cref="ITokenRevocationGrain"/>.</param>
/// <param name="ExpiresAt">Its <c>exp</c>; after that there is nothing left to revoke.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.IssuedAccessToken")]
public sealed record IssuedAccessToken([property: Id(0)] string Jti, [property: Id(1)] DateTimeOffset ExpiresAt);
