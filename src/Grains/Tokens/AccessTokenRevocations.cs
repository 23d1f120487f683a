using DeferredOrleans.Abstractions.Tokens;

namespace DeferredOrleans.Grains.Tokens;

/// <summary>What a grant does with the access tokens it remembers: keeps the live ones, and revokes them when it ends.</summary>
public static class AccessTokenRevocations
{
    /// <summary><paramref name="tokens"/> without those expired at <paramref name="now"/>, with <paramref name="added"/>.</summary>
    public static List<IssuedAccessToken> Live(IEnumerable<IssuedAccessToken> tokens, DateTimeOffset now, IssuedAccessToken? added = null) =>
        [.. tokens.Where(t => t.ExpiresAt > now), .. added is { } token && token.ExpiresAt > now ? [token] : Array.Empty<IssuedAccessToken>()];

    /// <summary>Revokes every token not yet expired; durable on return.</summary>
    public static Task RevokeAsync(IGrainFactory grains, IEnumerable<IssuedAccessToken> tokens, DateTimeOffset now) =>
        Task.WhenAll(tokens.Where(t => t.ExpiresAt > now).Select(t => grains.GetGrain<ITokenRevocationGrain>(t.Jti).RevokeAsync(t.ExpiresAt)));
}
