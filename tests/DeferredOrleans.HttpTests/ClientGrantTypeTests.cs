using System.Net;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A client may start only the grants it is registered for (<c>GrantTypes</c>); a client that lists none may start
/// none, and a public client never gets client_credentials (RFC 6749 §4.4).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ClientGrantTypeTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Theory]
    [InlineData("web")]
    [InlineData("exchange-only")]
    [InlineData("ciba")]
    public async Task ClientCredentials_ClientRegisteredForOtherGrants_IsUnauthorizedClient(string client)
    {
        var reply = await _client.TokenAsync(client, ("grant_type", "client_credentials"), ("scope", "read"));

        DtrConformanceTests.AssertError(reply, "unauthorized_client");
        Assert.False(reply.Has("access_token"));
    }

    [Fact]
    public async Task ClientCredentials_ClientWithoutGrantTypes_IsUnauthorizedClient()
    {
        DtrConformanceTests.AssertError(await _client.TokenAsync("rs", ("grant_type", "client_credentials")), "unauthorized_client");
    }

    [Theory]
    [InlineData("p1")]
    [InlineData("p-web")]
    public async Task ClientCredentials_PublicClient_IsUnauthorizedClient(string client)
    {
        var reply = await _client.SendAsync(HttpMethod.Post, "/token", null, Form(("grant_type", "client_credentials"), ("client_id", client), ("scope", "read")));

        DtrConformanceTests.AssertError(reply, "unauthorized_client");
        Assert.False(reply.Has("access_token"));
    }

    [Fact]
    public async Task ClientCredentials_ClientRegisteredForIt_IsIssued()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"))).Status);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] form) => new(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}

/// <summary>The demo configuration's clients keep to their grants too.</summary>
[Collection(DemoGatewayCollection.Name)]
public sealed class DemoClientGrantTypeTests(DemoGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Theory]
    [InlineData("web-app", "web-secret")]
    [InlineData("ciba-client", "ciba-secret")]
    [InlineData("my-api", "api-secret")]
    public async Task ClientCredentials_DemoClientNotRegisteredForIt_IsUnauthorizedClient(string client, string secret)
    {
        var reply = await _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic(client, secret),
            new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "docs:read")]));

        DtrConformanceTests.AssertError(reply, "unauthorized_client");
    }
}
