using System.Buffers.Text;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeferredOrleans.Core;
using DeferredOrleans.Gateway.Dpop;

namespace DeferredOrleans.Gateway.Jose;

/// <summary>
/// Verifies JWTs from configured issuers (external identity providers, risk engines): signature by one of the
/// issuer's keys, then the claims.
/// </summary>
public sealed class TrustedIssuers
{
    private readonly FrozenDictionary<string, JsonElement[]> _keys;

    /// <param name="issuers">The issuers and their public keys.</param>
    /// <param name="kind">What they are, for configuration problems (<c>trusted issuer</c>, <c>risk engine</c>).</param>
    public TrustedIssuers(IEnumerable<TrustedIssuerOptions> issuers, string kind = "trusted issuer")
    {
        var list = issuers.ToList();
        var problems = list.Where(i => string.IsNullOrWhiteSpace(i.Issuer) || i.Keys.Count == 0)
            .Select(i => $"{kind} '{i.Issuer}' needs an Issuer and at least one key")
            .ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException($"{kind}s", problems);
        }

        _keys = list.ToFrozenDictionary(i => i.Issuer, i => i.Keys.Select(ToJwk).ToArray(), StringComparer.Ordinal);
    }

    public bool IsTrusted(string issuer) => _keys.ContainsKey(issuer);

    /// <summary>Whether no issuer is configured.</summary>
    public bool IsEmpty => _keys.Count == 0;

    /// <summary>The verified claims of a JWT from a trusted issuer, or null. Time and audience are the caller's to check.</summary>
    public JsonElement? Verify(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3 || jwt.Length > 16 * 1024)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            if (!payload.RootElement.TryGetProperty("iss", out var iss) || iss.GetString() is not { } issuer ||
                !_keys.TryGetValue(issuer, out var keys) ||
                !header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() is not { } algorithm)
            {
                return null;
            }

            var kid = header.RootElement.TryGetProperty("kid", out var k) ? k.GetString() : null;
            var input = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            var signature = Base64Url.DecodeFromChars(parts[2]);
            var verified = keys
                .Where(key => kid is null || !key.TryGetProperty("kid", out var keyId) || keyId.GetString() == kid)
                .Any(key => JwkKeys.VerifyAndThumbprint(key, algorithm, input, signature).Valid);
            return verified ? payload.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or System.Security.Cryptography.CryptographicException or ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonElement ToJwk(TrustedKeyOptions key)
    {
        var jwk = new JsonObject { ["kty"] = key.Kty };
        foreach (var (name, value) in new[] { ("kid", key.Kid), ("crv", key.Crv), ("x", key.X), ("y", key.Y), ("n", key.N), ("e", key.E) })
        {
            if (value is not null)
            {
                jwk[name] = value;
            }
        }

        return JsonDocument.Parse(jwk.ToJsonString()).RootElement.Clone();
    }
}
