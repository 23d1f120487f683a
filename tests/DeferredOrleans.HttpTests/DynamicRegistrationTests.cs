using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Dynamic client registration (RFC 7591) and its management (RFC 7592) through the real pipeline: only with the
/// initial access token; bad metadata gets the RFC 7591 §3.2.2 errors and stores nothing; a registered client
/// authenticates with what it was issued (a secret, or its key), reads, updates and deletes its registration with
/// its registration access token, and is refused once deleted.
/// </summary>
[Collection(RegistrationCollection.Name)]
public sealed class DynamicRegistrationTests(RegistrationGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private Task<Reply> RegisterAsync(string body, string token = RegistrationGatewayFactory.InitialAccessToken) =>
        _client.SendAsync(HttpMethod.Post, "/register", Bearer(token), OAuthTestClient.Json(body));

    [Fact]
    public async Task Metadata_AdvertisesTheRegistrationEndpoint()
    {
        var metadata = await _client.SendAsync(HttpMethod.Get, "/.well-known/oauth-authorization-server", null);

        Assert.Equal("http://localhost/register", metadata.String("registration_endpoint"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-initial-access-token")]
    public async Task Register_WithoutTheInitialAccessToken_IsInvalidToken(string? token)
    {
        var reply = await _client.SendAsync(HttpMethod.Post, "/register", token is null ? null : Bearer(token), OAuthTestClient.Json("""{"grant_types":["client_credentials"],"scope":"read"}"""));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_token"), (reply.Status, reply.Error));
        Assert.Equal("no-store", reply.CacheControl);
        Assert.Contains(reply.Response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    public static TheoryData<string, string> BadMetadata() => new()
    {
        { """{"grant_types":["urn:example:unknown"]}""", "invalid_client_metadata" },
        { """{"grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_jwt"}""", "invalid_client_metadata" },
        { """{"grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic","jwks_uri":"https://agent.example/jwks"}""", "invalid_client_metadata" },
        { """{"grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt"}""", "invalid_client_metadata" },
        { """{"grant_types":["client_credentials"],"token_endpoint_auth_method":"none"}""", "invalid_client_metadata" },
        { """{"grant_types":["client_credentials"],"scope":"admin:everything"}""", "invalid_client_metadata" },
        { """{"grant_types":"client_credentials"}""", "invalid_client_metadata" },
        { """{"grant_types":["authorization_code"]}""", "invalid_redirect_uri" },
        { """{"grant_types":["authorization_code"],"redirect_uris":["/relative"]}""", "invalid_redirect_uri" },
        { """{"grant_types":["authorization_code"],"redirect_uris":["https://app.example/cb#fragment"]}""", "invalid_redirect_uri" },
        { """{"grant_types":["authorization_code"],"redirect_uris":"https://app.example/cb"}""", "invalid_redirect_uri" },
        { """{"grant_types":["client_credentials"],"backchannel_token_delivery_mode":"push"}""", "invalid_client_metadata" },
        { """[1,2]""", "invalid_client_metadata" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public async Task Register_BadMetadata_GetsTheRfc7591ErrorAndNothingIsStored(string body, string error)
    {
        var before = await RegisteredCountAsync();

        var reply = await RegisterAsync(body);

        Assert.Equal((HttpStatusCode.BadRequest, error), (reply.Status, reply.Error));
        Assert.Equal("no-store", reply.CacheControl);
        Assert.False(reply.Has("client_id"));
        Assert.Equal(before, await RegisteredCountAsync());
    }

    [Fact]
    public async Task Register_SecretClient_GetsItsSecretOnceAndAuthenticatesWithIt()
    {
        var before = await RegisteredCountAsync();

        var reply = await RegisterAsync("""{"client_name":"Report agent","grant_types":["client_credentials"],"scope":"read","token_endpoint_auth_method":"client_secret_post"}""");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(before + 1, await RegisteredCountAsync());
        Assert.Equal("no-store", reply.CacheControl);
        var clientId = reply.String("client_id")!;
        var secret = reply.String("client_secret")!;
        Assert.Equal(0, reply.Json.GetProperty("client_secret_expires_at").GetInt64());
        Assert.Equal($"http://localhost/register/{clientId}", reply.String("registration_client_uri"));
        Assert.Equal(["client_credentials"], reply.Json.GetProperty("grant_types").EnumerateArray().Select(g => g.GetString()));

        var token = await TokenWithSecretAsync(clientId, secret);
        var wrong = await TokenWithSecretAsync(clientId, secret + "x");

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (wrong.Status, wrong.Error));

        // RFC 7592 §2.1: the registration reads back without the secret, which only its hash remembers.
        var read = await _client.SendAsync(HttpMethod.Get, $"/register/{clientId}", Bearer(reply.String("registration_access_token")!));
        Assert.Equal((HttpStatusCode.OK, "Report agent"), (read.Status, read.String("client_name")));
        Assert.False(read.Has("client_secret"));
        Assert.DoesNotContain(secret, read.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_KeyClient_AuthenticatesWithItsSignedAssertion()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwks = ClientAssertion.KeySet(key, "agent-key-1");
        var reply = await RegisterAsync($$"""{"grant_types":["client_credentials"],"scope":"read","token_endpoint_auth_method":"private_key_jwt","jwks":{{jwks}}}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.False(reply.Has("client_secret"));
        var clientId = reply.String("client_id")!;

        var token = await TokenWithAssertionAsync(ClientAssertion.Sign(clientId, key, "agent-key-1", _client.Time.GetUtcNow()));
        var replay = ClientAssertion.Sign(clientId, key, "agent-key-1", _client.Time.GetUtcNow());
        var first = await TokenWithAssertionAsync(replay);
        var second = await TokenWithAssertionAsync(replay);
        var secretInstead = await TokenWithSecretAsync(clientId, "anything");

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (second.Status, second.Error));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (secretInstead.Status, secretInstead.Error));
    }

    [Fact]
    public async Task Register_PrivateKeyInJwks_IsRefused()
    {
        var reply = await RegisterAsync("""{"grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt","jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"secret"}]}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_client_metadata"), (reply.Status, reply.Error));
    }

    [Fact]
    public async Task Manage_UpdateThenDelete_WithTheRegistrationAccessToken()
    {
        var registered = await RegisterAsync("""{"grant_types":["client_credentials"],"scope":"read"}""");
        var clientId = registered.String("client_id")!;
        var secret = registered.String("client_secret")!;
        var token = registered.String("registration_access_token")!;

        var otherToken = await _client.SendAsync(HttpMethod.Get, $"/register/{clientId}", Bearer(RegistrationGatewayFactory.InitialAccessToken));
        var configured = await _client.SendAsync(HttpMethod.Get, "/register/c1", Bearer(token));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_token"), (otherToken.Status, otherToken.Error));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_token"), (configured.Status, configured.Error));

        var chosenSecret = await UpdateAsync(clientId, token, $$"""{"client_id":"{{clientId}}","client_secret":"my-own","grant_types":["client_credentials"],"scope":"read"}""");
        var serverMember = await UpdateAsync(clientId, token, $$"""{"client_id":"{{clientId}}","registration_access_token":"{{token}}","grant_types":["client_credentials"]}""");
        var otherId = await UpdateAsync(clientId, token, """{"client_id":"c1","grant_types":["client_credentials"]}""");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_client_metadata"), (chosenSecret.Status, chosenSecret.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (serverMember.Status, serverMember.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (otherId.Status, otherId.Error));

        var updated = await UpdateAsync(clientId, token, $$"""{"client_id":"{{clientId}}","client_secret":"{{secret}}","client_name":"Renamed","grant_types":["client_credentials"],"scope":"read approve:me"}""");
        Assert.Equal((HttpStatusCode.OK, "read approve:me"), (updated.Status, updated.String("scope")));
        Assert.False(updated.Has("client_secret"));
        Assert.Equal(HttpStatusCode.OK, (await TokenWithSecretAsync(clientId, secret)).Status);

        var deleted = await _client.SendAsync(HttpMethod.Delete, $"/register/{clientId}", Bearer(token));
        var after = await TokenWithSecretAsync(clientId, secret);
        var readAfter = await _client.SendAsync(HttpMethod.Get, $"/register/{clientId}", Bearer(token));

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (after.Status, after.Error));
        Assert.Equal(HttpStatusCode.Unauthorized, readAfter.Status);
    }

    private Task<Reply> UpdateAsync(string clientId, string token, string body) =>
        _client.SendAsync(HttpMethod.Put, $"/register/{clientId}", Bearer(token), OAuthTestClient.Json(body));

    private Task<Reply> TokenWithSecretAsync(string clientId, string secret) =>
        _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic(clientId, secret), new FormUrlEncodedContent([
            KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "read")]));

    private Task<Reply> TokenWithAssertionAsync(string assertion) =>
        _client.SendAsync(HttpMethod.Post, "/token", null, new FormUrlEncodedContent([
            KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "read"),
            KeyValuePair.Create("client_assertion_type", ClientAssertion.Type), KeyValuePair.Create("client_assertion", assertion)]));

    /// <summary>How many registrations the audit log shows: every stored registration is audited.</summary>
    private async Task<int> RegisteredCountAsync()
    {
        var audit = await _client.SendAsync(HttpMethod.Get, "/admin/audit?limit=1000", OAuthTestClient.Basic(RegistrationGatewayFactory.Admin, OAuthTestClient.SecretOf(RegistrationGatewayFactory.Admin)));
        Assert.Equal(HttpStatusCode.OK, audit.Status);
        return audit.Body.Split("client.registered").Length - 1;
    }
}
