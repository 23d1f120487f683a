using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Replay;
using DeferredOrleans.Core.Json;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Dpop;

/// <summary>
/// Checks a DPoP proof (RFC 9449 §4.3) at the token and revocation endpoints: one <c>DPoP</c> header, a JWT of type
/// <c>dpop+jwt</c> signed with the public key in its own header (ES256, RS256 or PS256), <c>htm</c> and <c>htu</c>
/// matching this request, a fresh <c>iat</c>, and a <c>jti</c> never seen before. Yields the key's RFC 7638 thumbprint.
/// </summary>
public sealed class DpopProofValidator(IGrainFactory grains, IOptions<ServerOptions> server, TimeProvider time)
{
    public static readonly string[] Algorithms = ["ES256", "RS256", "PS256"];
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(1);

    /// <summary>The thumbprint of the proof's key; null jkt and null error when the request carries no proof.</summary>
    public async Task<(string? Jkt, OAuthError? Error)> ValidateAsync(HttpRequest request, string endpointPath)
    {
        var headers = request.Headers["DPoP"];
        if (headers.Count == 0)
        {
            return (null, null);
        }

        if (headers.Count > 1 || headers[0] is not { Length: > 0 and < 8192 } proof)
        {
            return (null, Invalid("exactly one DPoP header is allowed"));
        }

        var (claims, jkt, problem) = Verify(proof);
        if (problem is not null)
        {
            return (null, Invalid(problem));
        }

        var now = time.GetUtcNow();
        var expected = server.Value.Endpoint(endpointPath);
        if (Text(claims!.Value, "htm") != request.Method || !SameUri(Text(claims.Value, "htu"), expected) ||
            Text(claims.Value, "jti") is not { Length: > 0 and <= 256 } id ||
            !claims.Value.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number || !iat.TryGetInt64(out var issuedAt))
        {
            return (null, Invalid("the proof's htm, htu, jti or iat is missing or wrong"));
        }

        var issued = DateTimeOffset.FromUnixTimeSeconds(issuedAt);
        if (issued < now - MaxAge || issued > now + MaxSkew)
        {
            return (null, Invalid("the proof is too old or from the future"));
        }

        // RFC 9449 §11.1: a proof is single use.
        var digest = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{jkt}\n{id}")));
        var guard = grains.GetGrain<IReplayGuardGrain>($"dpop/{digest[..2]}");
        return await guard.TryUseAsync(digest, issued + MaxAge + MaxSkew)
            ? (jkt, null)
            : (null, Invalid("the proof was already used"));
    }

    /// <summary>Parses and verifies the JWS; returns the claims and the key thumbprint, or the problem.</summary>
    public static (JsonElement? Claims, string? Jkt, string? Problem) Verify(string proof)
    {
        var parts = proof.Split('.');
        if (parts.Length != 3)
        {
            return (null, null, "the proof is not a compact JWS");
        }

        try
        {
            using var header = StrictJson.Parse(Base64Url.DecodeFromChars(parts[0]));
            var h = header.RootElement;
            if (!h.TryGetProperty("typ", out var typ) || typ.GetString() != "dpop+jwt" ||
                !h.TryGetProperty("alg", out var alg) || alg.GetString() is not { } algorithm || !Algorithms.Contains(algorithm) ||
                !h.TryGetProperty("jwk", out var jwk) || jwk.ValueKind != JsonValueKind.Object || jwk.TryGetProperty("d", out _))
            {
                return (null, null, "the proof header needs typ dpop+jwt, a supported alg and a public jwk");
            }

            var signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            var signature = Base64Url.DecodeFromChars(parts[2]);
            var (valid, jkt) = JwkKeys.VerifyAndThumbprint(jwk, algorithm, signingInput, signature);
            if (!valid)
            {
                return (null, null, "the proof's signature does not verify with its jwk");
            }

            using var payload = StrictJson.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                ? (payload.RootElement.Clone(), jkt, null)
                : (null, null, "the proof's payload is not a JSON object");
        }
        catch (Exception e) when (e is FormatException or JsonException or CryptographicException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return (null, null, "the proof is malformed");
        }
    }

    /// <summary>A claim that must be a string; null when it is missing or of another type (never an exception).</summary>
    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool SameUri(string? presented, Uri expected) =>
        Uri.TryCreate(presented, UriKind.Absolute, out var uri) &&
        string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) &&
        Uri.Compare(uri, expected, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static OAuthError Invalid(string description) => new(OAuthErrors.InvalidDpopProof, description);
}
