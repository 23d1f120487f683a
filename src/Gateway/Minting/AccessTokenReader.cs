using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// Reads access tokens this server issued: ES256 signature under the published key its <c>kid</c> names, <c>typ</c> at+jwt, our issuer,
/// not expired, not revoked. Used by introspection, revocation and token exchange.
/// </summary>
public sealed class AccessTokenReader(ServerKeys keys, IGrainFactory grains, IOptions<ServerOptions> server, TimeProvider time)
{
    /// <summary>The claims of a valid, live token, or null.</summary>
    public async Task<JsonElement?> ReadAsync(string token, bool checkRevocation = true)
    {
        if (await VerifyAsync(token) is not { } claims)
        {
            return null;
        }

        if (!claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires) || time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return null;
        }

        if (checkRevocation && claims.TryGetProperty("jti", out var jti) && await grains.GetGrain<ITokenRevocationGrain>(jti.GetString()!).IsRevokedAsync())
        {
            return null;
        }

        return claims;
    }

    /// <summary>The claims of a token with a valid signature and issuer, expired or not.</summary>
    public async Task<JsonElement?> VerifyAsync(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || token.Length > 16 * 1024)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            var loaded = await keys.GetAsync();
            if (!header.RootElement.TryGetProperty("typ", out var typ) || typ.ValueKind != JsonValueKind.String || typ.GetString() != "at+jwt" ||
                !header.RootElement.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String ||
                loaded.VerificationKey(kid.GetString()) is not { } key ||
                !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
            {
                return null;
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var claims = payload.RootElement.Clone();
            return claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty("iss", out var iss) && iss.GetString() == server.Value.Issuer
                ? claims
                : null;
        }
        // InvalidOperationException: a presented header that is not an object, a member of the wrong type, or a string that is not Unicode text.
        catch (Exception e) when (e is FormatException or JsonException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
