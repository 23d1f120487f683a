using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// An external issuer that a test server's configuration trusts (<c>TrustedIssuers</c>), signing ES256 JWTs under its
/// key id. Its private key (PKCS#8, base64) exists only in the tests; the configuration holds the public x and y.
/// </summary>
public sealed class TrustedIdp(string issuer, string keyId, string privateKey)
{
    public string Issuer => issuer;

    /// <summary>A signed JWT with the given claims (<c>iss</c> is added).</summary>
    public string Token(Dictionary<string, object> claims)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid = keyId });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>(claims) { ["iss"] = issuer });
        var input = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    /// <summary>A token about <paramref name="subject"/> for <paramref name="audience"/>, valid from now (the real clock) for <paramref name="lifetime"/>.</summary>
    public string Token(string subject, string audience, TimeSpan lifetime, Dictionary<string, object>? extra = null) =>
        Token(subject, audience, DateTimeOffset.UtcNow, lifetime, extra);

    /// <summary>A token about <paramref name="subject"/> for <paramref name="audience"/>, issued at <paramref name="issuedAt"/> (a test's fake clock), with a fresh jti.</summary>
    public string Token(string subject, string audience, DateTimeOffset issuedAt, TimeSpan lifetime, Dictionary<string, object>? extra = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (name, value) in extra ?? [])
        {
            claims[name] = value;
        }

        return Token(claims);
    }
}
