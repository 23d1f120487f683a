using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// JSON that arrives inside other requests (<c>authorization_details</c>, <c>risk_signals</c>, a DPoP proof, a
/// presented JWT) with strings that are not Unicode text, or members of the wrong type: a 4xx OAuth error (or, for
/// introspection, <c>{"active":false}</c>), never a 5xx.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HostileJsonParameterTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Theory]
    [InlineData("authorization_details", "[{\"type\":\"\\ud800\"}]")]
    [InlineData("authorization_details", "[{\"type\":\"payment_initiation\",\"creditor\":{\"\\udc00\":1}}]")]
    [InlineData("risk_signals", "{\"score\":\"\\ud800\"}")]
    [InlineData("risk_signals", "{\"\\ud800\":72}")]
    [InlineData("authorization_details", "[{\"type\":\"payment_initiation\",\"amount\":1,\"amount\":2}]")]
    public async Task Token_JsonParameterNotUnicode_Is4xx(string name, string json)
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"), (name, json));

        Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{name}: {(int)reply.Status} {reply.Body}");
        Assert.NotNull(reply.Error);
        Assert.Equal("no-store", reply.CacheControl);
    }

    /// <summary>A DPoP proof is signed by the key in its own header, so anyone can sign any payload.</summary>
    [Theory]
    [InlineData("{\"htm\":1,\"htu\":\"http://localhost/token\",\"jti\":\"a\",\"iat\":0}")]
    [InlineData("{\"htm\":\"POST\",\"htu\":[],\"jti\":\"b\",\"iat\":0}")]
    [InlineData("{\"htm\":\"POST\",\"htu\":\"http://localhost/token\",\"jti\":{},\"iat\":0}")]
    [InlineData("{\"htm\":\"\\ud800\",\"htu\":\"http://localhost/token\",\"jti\":\"c\",\"iat\":0}")]
    [InlineData("{\"htm\":\"POST\",\"htu\":\"http://localhost/token\",\"jti\":\"d\",\"iat\":0,\"x\":\"\xff\"}")]
    public async Task Token_SignedDpopProofWithHostileClaims_IsInvalidDpopProof(string payload)
    {
        var bytes = Encoding.Latin1.GetBytes(payload.Replace("\"iat\":0", $"\"iat\":{factory.Time.GetUtcNow().ToUnixTimeSeconds()}", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "read")]),
        };
        request.Headers.Authorization = OAuthTestClient.Basic("c1", "c1-secret");
        request.Headers.Add("DPoP", SelfSigned(bytes));

        var reply = await Reply.ReadAsync(await _client.Http.SendAsync(request));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_dpop_proof"), (reply.Status, reply.Error));
    }

    [Theory]
    [InlineData("{\"typ\":1,\"kid\":\"x\"}")]
    [InlineData("{\"typ\":\"at+jwt\",\"kid\":[]}")]
    [InlineData("{\"typ\":\"\\ud800\"}")]
    [InlineData("{\"typ\":\"\xff\"}")]
    [InlineData("[]")]
    public async Task PresentedToken_HostileHeader_IsInactiveOrRefused(string header)
    {
        var token = $"{Base64Url.EncodeToString(Encoding.Latin1.GetBytes(header))}.{Base64Url.EncodeToString("{\"iss\":1}"u8)}.AAAA";

        var introspected = await _client.SendAsync(HttpMethod.Post, "/introspect", OAuthTestClient.Basic("rs", "rs-secret"), new FormUrlEncodedContent([new("token", token)]));
        var revoked = await _client.SendAsync(HttpMethod.Post, "/revoke", OAuthTestClient.Basic("c1", "c1-secret"), new FormUrlEncodedContent([new("token", token)]));
        var exchanged = await _client.TokenAsync(
            "exchanger",
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token", token),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));

        Assert.Equal(HttpStatusCode.OK, introspected.Status);
        Assert.False(introspected.Json.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.True(exchanged.Status == HttpStatusCode.BadRequest, $"{(int)exchanged.Status} {exchanged.Body}");
    }

    private static string SelfSigned(byte[] payload)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        var header = Encoding.UTF8.GetBytes($"{{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{Base64Url.EncodeToString(q.X)}\",\"y\":\"{Base64Url.EncodeToString(q.Y)}\"}}}}");
        var input = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }
}
