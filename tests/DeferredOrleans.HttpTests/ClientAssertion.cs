using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>RFC 7523 §2.2 client assertions signed the way an agent's SDK signs them, for the <c>private_key_jwt</c> tests.</summary>
public static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The private half of keyed-agent's key "keyed-1" in testserver.json.</summary>
    private const string KeyedAgentKey = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/venYj4CAHqwDIX8VTT0DaM6q3pC1QqzxsE3EGmZcpuhRANCAARc8rydTWI3U3sp4NMAiujS8RLUo77RxPEVl//Tt0BvkiDaaJ3NYVcHYM9Jf8OCqNysbDSQAiVZHeFtVyqFFjP8";

    public static ECDsa KeyedAgent()
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(KeyedAgentKey), out _);
        return key;
    }

    /// <summary>
    /// An assertion of <paramref name="clientId"/> for the test server's token endpoint, issued now, valid a minute,
    /// with a fresh <c>jti</c>; <paramref name="change"/> alters the claims and <paramref name="header"/> the header.
    /// </summary>
    public static string Sign(string clientId, ECDsa key, string kid, DateTimeOffset now, Action<Dictionary<string, object>>? change = null, Action<Dictionary<string, object>>? header = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = "http://localhost/token",
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(1).ToUnixTimeSeconds(),
        };
        change?.Invoke(claims);
        var head = new Dictionary<string, object> { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = kid };
        header?.Invoke(head);
        var input = $"{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(head))}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    /// <summary>The public JWK of <paramref name="key"/> as a JWKS document.</summary>
    public static string KeySet(ECDsa key, string kid)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = "EC", crv = "P-256", kid, use = "sig", x = Base64Url.EncodeToString(p.Q.X), y = Base64Url.EncodeToString(p.Q.Y) } } });
    }
}
