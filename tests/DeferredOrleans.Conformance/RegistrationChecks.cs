using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Check 80 of docs/conformance.md: dynamic client registration (RFC 7591) is off unless the operator enables it
/// with an initial access token. Off, the metadata has no <c>registration_endpoint</c> and <c>/register</c> does not
/// exist; on, it is advertised, refuses anyone without the token, refuses bad metadata with the RFC 7591 §3.2.2
/// errors, and registers a client that then gets a token.
/// </summary>
[Collection(HttpServerCollection.Name)]
public sealed class RegistrationChecks(HttpConformanceServer server) : IDisposable
{
    private const string InitialAccessToken = "conformance-initial-access-token";
    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check80_RegistrationByDefault_IsNotAdvertisedAndDoesNotExist()
    {
        var metadata = await _client.GetAsync("/.well-known/oauth-authorization-server");
        var register = await RegisterAsync(_client, InitialAccessToken, """{"grant_types":["client_credentials"],"scope":"read"}""");

        Assert.False(metadata.Has("registration_endpoint"));
        Assert.Equal(HttpStatusCode.NotFound, register.Status);
    }

    [Fact]
    public async Task Check80_RegistrationEnabled_IsAdvertisedGuardedValidatedAndWorks()
    {
        using var database = new TempDatabase("conformance");
        await using var enabled = await GatewayProcess.StartAsync(ConformanceServer.Launch(database.Path) with
        {
            Settings = new Dictionary<string, string>
            {
                ["DeferredOrleans__Registration__Enabled"] = "true",
                ["DeferredOrleans__Registration__InitialAccessTokenHash"] = $"sha256${Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(InitialAccessToken)))}",
                ["DeferredOrleans__Registration__Scopes__0"] = "read",
            },
        });
        using var client = new DtrClient(new HttpClient { BaseAddress = enabled.Address }, enabled.Issuer);

        var metadata = await client.GetAsync("/.well-known/oauth-authorization-server");
        var anonymous = await RegisterAsync(client, null, """{"grant_types":["client_credentials"],"scope":"read"}""");
        var unknownGrant = await RegisterAsync(client, InitialAccessToken, """{"grant_types":["urn:example:unknown"],"scope":"read"}""");
        var badRedirect = await RegisterAsync(client, InitialAccessToken, """{"grant_types":["authorization_code"],"redirect_uris":["not a uri"]}""");
        var registered = await RegisterAsync(client, InitialAccessToken, """{"grant_types":["client_credentials"],"scope":"read"}""");

        Assert.Equal($"{enabled.Issuer}/register", metadata.String("registration_endpoint"));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_token"), (anonymous.Status, anonymous.Error));
        Wire.AssertError(unknownGrant, "invalid_client_metadata");
        Wire.AssertError(badRedirect, "invalid_redirect_uri");
        Assert.Equal(HttpStatusCode.Created, registered.Status);

        var token = await client.PostFormAsync("/token", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registered.String("client_id")}:{registered.String("client_secret")}"))),
            ("grant_type", "client_credentials"), ("scope", "read"));
        Wire.AssertToken(token);
    }

    public void Dispose() => _client.Dispose();

    private static async Task<Reply> RegisterAsync(DtrClient client, string? token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/register") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
