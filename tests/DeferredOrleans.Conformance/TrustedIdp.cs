using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Conformance;

/// <summary>
/// The external issuer that conformance.json trusts (<c>TrustedIssuers</c>, key <c>conformance-idp-1</c>). Its
/// private key exists only here; the configuration holds the public x and y.
/// </summary>
public static class TrustedIdp
{
    public const string Issuer = "https://idp.conformance.example";

    private const string PrivateKey =
        "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVE4UWjetC97N8lsmwmcubuIQSja9zzd8xtG7Bk1UKqahRANCAASqDW7iSvjOWPGRrYcSfa+E/InCroi6PALQW9BX0GB54LjjnMRskTSg4ErAioDbnau+q/HGsvtWY31rdyD2d3m6";

    /// <summary>A signed JWT with the given claims (<c>iss</c> is added).</summary>
    public static string Token(Dictionary<string, object> claims)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(PrivateKey), out _);
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid = "conformance-idp-1" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>(claims) { ["iss"] = Issuer });
        var input = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    /// <summary>A token about <paramref name="subject"/> for <paramref name="audience"/>, valid from now for <paramref name="lifetime"/>, with a fresh jti.</summary>
    public static string Token(string subject, string audience, TimeSpan lifetime, Dictionary<string, object>? extra = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["aud"] = audience,
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
