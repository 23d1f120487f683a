using System.Net;
using System.Text.Json;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// <c>private_key_jwt</c> client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core 1.0 §9) through the real
/// pipeline: keyed-agent signs with its registered key; every way an assertion can be wrong is a 401
/// <c>invalid_client</c>, a replayed one too, and a secret never stands in for the key.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PrivateKeyJwtTests(GatewayFactory factory)
{
    private const string Client = "keyed-agent";
    private const string Kid = ClientAssertion.KeyedAgentKid;
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    private DateTimeOffset Now => _client.Time.GetUtcNow();

    [Fact]
    public async Task SignedAssertion_AuthenticatesTheClient_AndTheTokenIsIssuedToIt()
    {
        using var key = ClientAssertion.KeyedAgent();

        var reply = await TokenAsync(ClientAssertion.Sign(Client, key, Kid, Now));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(Client, Jwt.Payload(reply.Json.GetProperty("access_token").GetString()!).GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task DuendeIdentityModel_SendingItsClientAssertion_GetsAToken()
    {
        using var key = ClientAssertion.KeyedAgent();
        var request = new Duende.IdentityModel.Client.ClientCredentialsTokenRequest
        {
            Address = new Uri(_client.Http.BaseAddress!, "/token").ToString(),
            ClientId = Client,
            ClientAssertion = new Duende.IdentityModel.Client.ClientAssertion { Type = ClientAssertion.Type, Value = ClientAssertion.Sign(Client, key, Kid, Now) },
            ClientCredentialStyle = Duende.IdentityModel.Client.ClientCredentialStyle.PostBody,
            Scope = "read",
        };

        var response = await Duende.IdentityModel.Client.HttpClientTokenRequestExtensions.RequestClientCredentialsTokenAsync(_client.Http, request);

        Assert.False(response.IsError, response.Raw);
        Assert.NotNull(response.AccessToken);
    }

    [Fact]
    public async Task TheSameAssertionTwice_TheSecondIsRefused()
    {
        using var key = ClientAssertion.KeyedAgent();
        var assertion = ClientAssertion.Sign(Client, key, Kid, Now);

        var first = await TokenAsync(assertion);
        var second = await TokenAsync(assertion);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (second.Status, second.Error));
    }

    public static TheoryData<string> Wrong() => [.. ClientAssertion.WrongKinds, "claiming another client"];

    [Theory]
    [MemberData(nameof(Wrong))]
    public async Task AWrongAssertion_IsInvalidClient(string wrong)
    {
        using var key = ClientAssertion.KeyedAgent();
        var assertion = wrong == "claiming another client" ? ClientAssertion.Sign("c1", key, Kid, Now) : ClientAssertion.Wrong(wrong, Client, key, Kid, Now);

        var reply = await TokenAsync(assertion);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (reply.Status, reply.Error));
        Assert.Equal("no-store", reply.CacheControl);
    }

    [Fact]
    public async Task AnAssertionWithASecretBeside_IsInvalidRequest_AndASecretAloneNeverAuthenticatesAKeyedClient()
    {
        using var key = ClientAssertion.KeyedAgent();

        var both = await _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic(Client, "anything"), Form(ClientAssertion.Sign(Client, key, Kid, Now)));
        var secret = await _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic(Client, ""), new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "read")]));
        var wrongType = await _client.SendAsync(HttpMethod.Post, "/token", null, new FormUrlEncodedContent([
            new("grant_type", "client_credentials"), new("client_assertion_type", "urn:example:saml"), new("client_assertion", ClientAssertion.Sign(Client, key, Kid, Now))]));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (both.Status, both.Error));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (secret.Status, secret.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (wrongType.Status, wrongType.Error));
    }

    [Fact]
    public async Task ASecretClient_CannotUseAnAssertion()
    {
        using var key = ClientAssertion.KeyedAgent();

        var reply = await TokenAsync(ClientAssertion.Sign("c1", key, Kid, Now));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (reply.Status, reply.Error));
    }

    [Fact]
    public async Task Revocation_AuthenticatesTheClientByItsAssertionToo()
    {
        using var key = ClientAssertion.KeyedAgent();
        var token = (await TokenAsync(ClientAssertion.Sign(Client, key, Kid, Now))).Json.GetProperty("access_token").GetString()!;

        var revoked = await _client.SendAsync(HttpMethod.Post, "/revoke", null, new FormUrlEncodedContent([
            new("token", token), new("client_assertion_type", ClientAssertion.Type), new("client_assertion", ClientAssertion.Sign(Client, key, Kid, Now))]));
        var unauthenticated = await _client.SendAsync(HttpMethod.Post, "/revoke", null, new FormUrlEncodedContent([
            new("token", token), new("client_assertion_type", ClientAssertion.Type), new("client_assertion", "not-a-jwt")]));

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (unauthenticated.Status, unauthenticated.Error));
    }

    [Fact]
    public async Task Discovery_AdvertisesPrivateKeyJwtAndItsAlgorithms()
    {
        var metadata = JsonDocument.Parse(await _client.Http.GetStringAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative))).RootElement;

        Assert.Contains("private_key_jwt", metadata.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["ES256", "PS256", "RS256"], metadata.GetProperty("token_endpoint_auth_signing_alg_values_supported").EnumerateArray().Select(m => m.GetString()));
    }

    private Task<Reply> TokenAsync(string assertion) => _client.SendAsync(HttpMethod.Post, "/token", null, Form(assertion));

    private static FormUrlEncodedContent Form(string assertion) => new([
        new("grant_type", "client_credentials"), new("scope", "read"), new("client_assertion_type", ClientAssertion.Type), new("client_assertion", assertion)]);
}
