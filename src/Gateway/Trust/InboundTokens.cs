using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Gateway.Minting;

namespace DeferredOrleans.Gateway.Trust;

/// <summary>
/// Tokens presented to this server as credentials (RFC 8693 subject and actor tokens): access tokens it issued
/// itself (live, not revoked), or JWTs from a trusted issuer that are within their validity.
/// </summary>
public sealed class InboundTokens(AccessTokenReader ownTokens, TrustedIssuers trusted, TimeProvider time)
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public async Task<InboundToken?> ReadAsync(string token)
    {
        var claims = await ownTokens.ReadAsync(token) ?? VerifyExternal(token);
        if (claims is not { } c || !c.TryGetProperty("sub", out var sub) || sub.GetString() is not { Length: > 0 } subject ||
            !c.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
        {
            return null;
        }

        var scopes = c.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String
            ? [.. scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)]
            : ImmutableArray<string>.Empty;
        var act = c.TryGetProperty("act", out var actor) && actor.ValueKind == JsonValueKind.Object ? actor.GetRawText() : null;
        return new InboundToken(subject, c.GetProperty("iss").GetString()!, DateTimeOffset.FromUnixTimeSeconds(expires), scopes, act, c);
    }

    private JsonElement? VerifyExternal(string token)
    {
        if (trusted.Verify(token) is not { } claims)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var live = claims.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var expires) && now < DateTimeOffset.FromUnixTimeSeconds(expires) + Skew &&
            (!claims.TryGetProperty("nbf", out var nbf) || (nbf.TryGetInt64(out var notBefore) && DateTimeOffset.FromUnixTimeSeconds(notBefore) <= now + Skew));
        return live ? claims : null;
    }
}

/// <summary>A verified inbound token.</summary>
/// <param name="Subject">Its <c>sub</c>.</param>
/// <param name="Issuer">Its <c>iss</c>.</param>
/// <param name="ExpiresAt">Its <c>exp</c>.</param>
/// <param name="Scopes">Its <c>scope</c>, if any.</param>
/// <param name="Actor">Its <c>act</c> claim as JSON, if any.</param>
/// <param name="Claims">All its claims.</param>
public sealed record InboundToken(string Subject, string Issuer, DateTimeOffset ExpiresAt, ImmutableArray<string> Scopes, string? Actor, JsonElement Claims);
