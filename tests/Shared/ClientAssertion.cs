using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.TestSupport;

/// <summary>RFC 7523 §2.2 client assertions signed the way an agent's SDK signs them, for the <c>private_key_jwt</c> tests.</summary>
public static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The key id of keyed-agent's key in testserver.json, which is also the interop server's keyed client's key.</summary>
    public const string KeyedAgentKid = "keyed-1";

    /// <summary>The private half of <see cref="KeyedAgentKid"/>, PKCS#8 in base64 (handed to openid-client as it is).</summary>
    public const string KeyedAgentPrivateKey = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/venYj4CAHqwDIX8VTT0DaM6q3pC1QqzxsE3EGmZcpuhRANCAARc8rydTWI3U3sp4NMAiujS8RLUo77RxPEVl//Tt0BvkiDaaJ3NYVcHYM9Jf8OCqNysbDSQAiVZHeFtVyqFFjP8";

    /// <summary>The token endpoint of the in-memory test server (WebApplicationFactory's http://localhost).</summary>
    public const string TestServerAudience = "http://localhost/token";

    /// <summary>Ways an assertion of the right client can still be wrong, each of which must be <c>invalid_client</c>.</summary>
    public static readonly string[] WrongKinds =
    [
        "signed by another key", "for another audience", "living ten minutes", "expired", "issued in the future", "iss is not sub",
        "without jti", "alg HS256", "alg none", "signature cut", "not a JWT",
    ];

    public static ECDsa KeyedAgent()
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(KeyedAgentPrivateKey), out _);
        return key;
    }

    /// <summary>
    /// An assertion of <paramref name="clientId"/> for <paramref name="audience"/>, issued now, valid a minute, with a
    /// fresh <c>jti</c>; <paramref name="change"/> alters the claims and <paramref name="header"/> the header.
    /// </summary>
    public static string Sign(
        string clientId, ECDsa key, string kid, DateTimeOffset now, Action<Dictionary<string, object>>? change = null,
        Action<Dictionary<string, object>>? header = null, string audience = TestServerAudience)
    {
        var input = Unsigned(clientId, kid, now, change, header, audience);
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    /// <summary>
    /// An assertion of <paramref name="clientId"/> that is wrong in the way <paramref name="kind"/> (one of
    /// <see cref="WrongKinds"/>) names, otherwise as <see cref="Sign"/> makes it with <paramref name="key"/>.
    /// </summary>
    public static string Wrong(string kind, string clientId, ECDsa key, string kid, DateTimeOffset now, string audience = TestServerAudience)
    {
        string Signed(Action<Dictionary<string, object>>? change = null, Action<Dictionary<string, object>>? header = null) =>
            Sign(clientId, key, kid, now, change, header, audience);
        switch (kind)
        {
            case "signed by another key":
                using (var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    // The same key id, so only the signature tells the keys apart.
                    return Sign(clientId, stranger, kid, now, audience: audience);
                }

            case "for another audience":
                return Signed(c => c["aud"] = "https://other.example/token");
            case "living ten minutes":
                return Signed(c => c["exp"] = now.AddMinutes(10).ToUnixTimeSeconds());
            case "expired":
                return Signed(c => (c["iat"], c["exp"]) = (now.AddMinutes(-5).ToUnixTimeSeconds(), now.AddMinutes(-4).ToUnixTimeSeconds()));
            case "issued in the future":
                return Signed(c => (c["iat"], c["exp"]) = (now.AddMinutes(3).ToUnixTimeSeconds(), now.AddMinutes(4).ToUnixTimeSeconds()));
            case "iss is not sub":
                return Signed(c => c["iss"] = "someone-else");
            case "without jti":
                return Signed(c => c.Remove("jti"));
            case "alg HS256":
                // Algorithm confusion: an HMAC keyed with the client's public key, which anyone may know.
                var input = Unsigned(clientId, kid, now, null, h => h["alg"] = "HS256", audience);
                var secret = Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem());
                return $"{input}.{Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)))}";
            case "alg none":
                return $"{Unsigned(clientId, kid, now, null, h => h["alg"] = "none", audience)}.";
            case "signature cut":
                return Signed()[..^8];
            case "not a JWT":
                return "not-a-jwt";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not one of ClientAssertion.WrongKinds");
        }
    }

    /// <summary>The public JWK of <paramref name="key"/> as a JWKS document.</summary>
    public static string KeySet(ECDsa key, string kid)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = "EC", crv = "P-256", kid, use = "sig", x = Base64Url.EncodeToString(p.Q.X), y = Base64Url.EncodeToString(p.Q.Y) } } });
    }

    /// <summary>The signing input, <c>header.claims</c>, of <see cref="Sign"/>'s assertion.</summary>
    private static string Unsigned(
        string clientId, string kid, DateTimeOffset now, Action<Dictionary<string, object>>? change, Action<Dictionary<string, object>>? header, string audience)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(1).ToUnixTimeSeconds(),
        };
        change?.Invoke(claims);
        var head = new Dictionary<string, object> { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = kid };
        header?.Invoke(head);
        return $"{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(head))}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims))}";
    }
}
