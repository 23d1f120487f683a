using System.Net;
using System.Security.Cryptography;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A <c>private_key_jwt</c> client whose keys are at its <c>jwks_uri</c> (RFC 7591 §2), served by a real loopback
/// server: read through the SSRF-safe client, cached, read again when the client signs with a new key id, and
/// never a reason to accept an assertion when the key set cannot be had.
/// </summary>
public sealed class JwksUriTests : IClassFixture<KeySetGatewayFactory>
{
    private const string Client = "jwks-agent";
    private readonly KeySetGatewayFactory _factory;
    private readonly OAuthTestClient _client;

    public JwksUriTests(KeySetGatewayFactory factory)
    {
        _factory = factory;
        _client = new OAuthTestClient(factory.CreateClient(), factory.Time);
    }

    [Fact]
    public async Task KeysFromTheJwksUri_AuthenticateTheClient_AndARotatedKeyIsFetchedWhenFirstUsed()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var published = ClientAssertion.KeySet(first, "k1");
        _factory.KeyServer.Handler = _ => Task.FromResult(new ExternalReply(200, published));

        var before = await TokenAsync(ClientAssertion.Sign(Client, first, "k1", _client.Time.GetUtcNow()));
        var fetchesAfterFirst = _factory.KeyServer.Requests.Count;
        var cached = await TokenAsync(ClientAssertion.Sign(Client, first, "k1", _client.Time.GetUtcNow()));

        // The client rotates: its new key id is unknown to the cache, so the set is read again (not more often than every 30 s).
        published = ClientAssertion.KeySet(second, "k2");
        _client.Time.Advance(TimeSpan.FromSeconds(31));
        var rotated = await TokenAsync(ClientAssertion.Sign(Client, second, "k2", _client.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.OK, cached.Status);
        Assert.Equal(fetchesAfterFirst, _factory.KeyServer.Requests.Count - 1);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
    }

    [Fact]
    public async Task AKeySetThatCannotBeHad_AuthenticatesNobody()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _factory.KeyServer.Handler = _ => Task.FromResult(new ExternalReply(500, "{}"));
        _client.Time.Advance(TimeSpan.FromMinutes(10));

        var reply = await TokenAsync(ClientAssertion.Sign(Client, key, "unknown-kid", _client.Time.GetUtcNow()));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (reply.Status, reply.Error));
    }

    private Task<Reply> TokenAsync(string assertion) => _client.SendAsync(HttpMethod.Post, "/token", null, new FormUrlEncodedContent([
        new("grant_type", "client_credentials"), new("scope", "read"), new("client_assertion_type", ClientAssertion.Type), new("client_assertion", assertion)]));
}
