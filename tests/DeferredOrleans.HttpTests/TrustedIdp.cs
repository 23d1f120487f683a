using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>The external issuer https://idp.example that testserver.json trusts; its private key exists only in tests.</summary>
public static class TrustedIdp
{
    public const string Issuer = "https://idp.example";

    private const string PrivateKey = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVhvcAxk9w2P9L3ujBb8KnhyKhZzMhUtCfsM63voKz/GhRANCAARO7eAd5xIiW5+984dMeXSZ4+3gU00C951WiciZtfmDiIEcmbq5CtgiO8JT7UkXe3IlyOYIj2+3RLbrR9H0ymzi";

    /// <summary>A JWT from the IdP with the given claims (iss is added).</summary>
    public static string Token(Dictionary<string, object> claims, string type = "JWT")
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(PrivateKey), out _);
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = type, kid = "idp-1" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>(claims) { ["iss"] = Issuer });
        var input = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    /// <summary>A token for a user, valid for the given time from <paramref name="now"/>.</summary>
    public static string UserToken(string subject, DateTimeOffset now, TimeSpan lifetime, Dictionary<string, object>? extra = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["aud"] = "http://localhost",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (name, value) in extra ?? [])
        {
            claims[name] = value;
        }

        return Token(claims);
    }
}
