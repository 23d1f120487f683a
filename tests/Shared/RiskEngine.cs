using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.TestSupport;

/// <summary>The risk engine https://risk.example that engine.json and inbox.json trust; its private key exists only in tests.</summary>
public static class RiskEngine
{
    public const string Issuer = "https://risk.example";

    private const string PrivateKey = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZWz5dOLRbwNT/XIgKOiv7PHmiKhShmhEnCOQVyhmHAehRANCAAQTsgBjWkEX63ygouvURvQaXMGp51PSRY5XUomnnIlz1GXK6qHrtXIiYNR9rPgjjrSbnw9Dkdrkg7nXVjEVVgRm";

    /// <summary>
    /// The engine's assertion about a request of <paramref name="clientId"/>: the signals as claims, addressed to the
    /// test server (<paramref name="audience"/>, its issuer), issued now and valid for a minute. <paramref name="change"/>
    /// alters the claims before signing.
    /// </summary>
    public static string Assertion(string clientId, DateTimeOffset now, Dictionary<string, object> signals, Action<Dictionary<string, object>>? change = null, ECDsa? key = null, string audience = "http://localhost")
    {
        var claims = new Dictionary<string, object>(signals)
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["client_id"] = clientId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(1).ToUnixTimeSeconds(),
        };
        change?.Invoke(claims);
        using var ours = ECDsa.Create();
        ours.ImportPkcs8PrivateKey(Convert.FromBase64String(PrivateKey), out _);
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid = "risk-1" });
        var input = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        return $"{input}.{Base64Url.EncodeToString((key ?? ours).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }
}
