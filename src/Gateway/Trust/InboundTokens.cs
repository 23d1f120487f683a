using DeferredOrleans.Gateway.Jose;
using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Minting;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Trust;

/// <summary>
/// Tokens presented to this server as credentials (RFC 8693 subject and actor tokens): access tokens it issued
/// itself (live, not revoked), or JWTs from a trusted issuer that are within their validity.
/// </summary>
public sealed class InboundTokens(AccessTokenReader ownTokens, TrustedIssuers trusted, IOptions<ServerOptions> server, TimeProvider time)
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public async Task<InboundToken?> ReadAsync(string token)
    {
        var own = await ownTokens.ReadAsync(token);
        var claims = own ?? VerifyExternal(token);
        if (claims is not { } c || !c.TryGetProperty("sub", out var sub) || sub.GetString() is not { Length: > 0 } subject ||
            !c.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
        {
            return null;
        }

        var scopes = c.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String
            ? [.. scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)]
            : ImmutableArray<string>.Empty;
        var act = c.TryGetProperty("act", out var actor) && actor.ValueKind == JsonValueKind.Object ? actor.GetRawText() : null;
        return new InboundToken(subject, c.GetProperty("iss").GetString()!, DateTimeOffset.FromUnixTimeSeconds(expires), scopes, act, c)
        {
            IsOwn = own is not null,
            Audiences = Audiences(c),
            ClientId = Text(c, "client_id"),
            Id = Text(c, "jti"),
            Jkt = c.TryGetProperty("cnf", out var cnf) && cnf.ValueKind == JsonValueKind.Object ? Text(cnf, "jkt") : null,
            CertificateThumbprint = cnf.ValueKind == JsonValueKind.Object ? Text(cnf, "x5t#S256") : null,
        };
    }

    /// <summary>
    /// Whether <paramref name="clientId"/> may present <paramref name="token"/> (RFC 8693 §2.1, §5: the server decides
    /// which tokens it accepts from whom). Any token whose audience names this server (the issuer or the token
    /// endpoint, see <see cref="ServerAudience"/>); besides, one of this server's access tokens from the client it was
    /// issued to or whose audience it is. A token for some other audience was meant for someone else, whoever holds it
    /// now; for a trusted issuer's JWT, RFC 7519 §4.1.3 says as much: a reader its aud does not name must reject it.
    /// </summary>
    public bool MayPresent(InboundToken token, string clientId) =>
        ServerAudience.IsNamedIn(token.Audiences, server.Value) ||
        (token.IsOwn && (token.ClientId == clientId || token.Audiences.Contains(clientId, StringComparer.Ordinal)));

    private static ImmutableArray<string> Audiences(JsonElement claims) => claims.TryGetProperty("aud", out var aud)
        ? aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => [.. aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)],
            _ => [],
        }
        : [];

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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
