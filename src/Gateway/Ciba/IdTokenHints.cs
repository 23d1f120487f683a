using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Minting;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Ciba;

/// <summary>
/// <c>id_token_hint</c>: an ID token this server issued to the same client, expired or not (CIBA §7.1 allows an
/// expired one, verified while its signing key is published); its <c>sub</c> names the user.
/// </summary>
public sealed class IdTokenHints(ServerKeys keys, IOptions<ServerOptions> server)
{
    public async Task<string?> SubjectAsync(string idToken, string clientId)
    {
        var parts = idToken.Split('.');
        if (parts.Length != 3 || idToken.Length > 16 * 1024)
        {
            return null;
        }

        try
        {
            var loaded = await keys.GetAsync();
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!header.RootElement.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String ||
                loaded.VerificationKey(kid.GetString()) is not { } key ||
                !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
            {
                return null;
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var claims = payload.RootElement;
            return claims.TryGetProperty("iss", out var iss) && iss.GetString() == server.Value.Issuer &&
                   claims.TryGetProperty("aud", out var aud) && aud.GetString() == clientId &&
                   claims.TryGetProperty("sub", out var sub)
                ? sub.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or CryptographicException or InvalidOperationException)
        {
            return null;
        }
    }
}
