using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeferredOrleans.InteropTests;

/// <summary>
/// A resource server built from client libraries nobody here wrote verifies access tokens across two rotations of the
/// signing key: Duende.IdentityModel discovers the server and fetches its key set from <c>jwks_uri</c>, and
/// Microsoft.IdentityModel validates each token (ES256, issuer, lifetime, <c>typ</c>) with the key its <c>kid</c>
/// names. The resource server does what the README asks of clients: keep the key set, fetch it again on an unknown kid.
/// Its own server process (the demo configuration, a next key may sign 2 s after it is published), in the interop
/// collection so that it does not run beside the other interop tests.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class KeyRotationInteropTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new("interop-keys");
    private GatewayProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await GatewayProcess.StartAsync(new GatewayLaunch(_database.Path)
        {
            Settings = new Dictionary<string, string>
            {
                ["DeferredOrleans__Keys__PublicationDelay"] = "00:00:02",
                ["DeferredOrleans__Keys__JwksCacheTime"] = "00:00:01",
                ["DeferredOrleans__Keys__RefreshInterval"] = "00:00:01",
            },
        });
        _http = new HttpClient { BaseAddress = _server.Address };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task ResourceServer_AcrossTwoRotations_VerifiesEveryTokenAndFetchesTheKeySetOnlyForANewKid()
    {
        var resourceServer = new ResourceServer(_http, _server.Issuer);

        var first = await IssueAsync();
        await resourceServer.AssertValidAsync(first);
        Assert.Equal(1, resourceServer.Fetches);

        // The key that signs after the rotation was published as the next key before: the key set fetched first has it.
        await RotateAsync(first.Kid);
        var second = await IssueAsync();
        Assert.NotEqual(first.Kid, second.Kid);
        await resourceServer.AssertValidAsync(second);
        await resourceServer.AssertValidAsync(first);
        Assert.Equal(1, resourceServer.Fetches);

        // The second rotation promotes a key published after that fetch: the resource server meets an unknown kid,
        // fetches the key set again, and finds it there.
        await RotateAsync(second.Kid);
        var third = await IssueAsync();
        await resourceServer.AssertValidAsync(third);
        Assert.Equal(2, resourceServer.Fetches);

        var fresh = new ResourceServer(_http, _server.Issuer);
        foreach (var token in new[] { first, second, third })
        {
            await fresh.AssertValidAsync(token);
            Assert.True(await IntrospectAsync(token.EncodedToken), $"introspection: the token signed by {token.Kid} is not active");
        }

        Assert.Equal(1, fresh.Fetches);
        Assert.Superset(new HashSet<string> { first.Kid, second.Kid, third.Kid }, fresh.PublishedKids);
        Assert.Equal(4, fresh.PublishedKids.Count);
    }

    private async Task<JsonWebToken> IssueAsync()
    {
        var response = await _http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = new Uri(_server.Address, "/token").ToString(),
            ClientId = "agent",
            ClientSecret = "agent-secret",
            Scope = "docs:read",
        });
        Assert.False(response.IsError, response.Raw);
        return new JsonWebToken(response.AccessToken);
    }

    /// <summary>Asks for a rotation until the key that signed <paramref name="replaced"/> is no longer current.</summary>
    private async Task RotateAsync(string replaced)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var request = Admin(HttpMethod.Post, "/admin/keys/rotate");
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await _http.SendAsync(request);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToString());
            if (answer.GetProperty("current").GetString() != replaced)
            {
                return;
            }

            // Scheduled: the next key has not been published for the delay yet.
            Assert.Equal("scheduled", answer.GetProperty("outcome").GetString());
            Assert.True(DateTime.UtcNow < deadline, "the rotation never happened");
            var wait = answer.GetProperty("promotion_at").GetDateTimeOffset() - DateTimeOffset.UtcNow;
            await Task.Delay(wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(100) : TimeSpan.FromMilliseconds(100));
        }
    }

    private async Task<bool> IntrospectAsync(string token)
    {
        var response = await _http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = new Uri(_server.Address, "/introspect").ToString(),
            ClientId = "my-api",
            ClientSecret = "api-secret",
            Token = token,
        });
        Assert.False(response.IsError, response.Raw);
        return response.IsActive;
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("dave:demo")));
        return request;
    }

    /// <summary>Keeps the key set Duende's discovery fetched from jwks_uri; discovers again only for an unknown kid.</summary>
    private sealed class ResourceServer(HttpClient http, string issuer)
    {
        private Microsoft.IdentityModel.Tokens.JsonWebKeySet _keys = new();

        public int Fetches { get; private set; }

        public HashSet<string> PublishedKids => [.. _keys.Keys.Select(k => k.Kid)];

        public async Task AssertValidAsync(JsonWebToken token)
        {
            if (Fetches == 0 || !_keys.Keys.Any(k => k.Kid == token.Kid))
            {
                await FetchAsync();
            }

            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.EncodedToken, new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = "api",
                ValidTypes = ["at+jwt"],
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                IssuerSigningKeys = _keys.GetSigningKeys(),
            });
            Assert.True(result.IsValid, $"the token signed by {token.Kid} does not validate: {result.Exception?.Message}");
        }

        private async Task FetchAsync()
        {
            var disco = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = issuer });
            Assert.False(disco.IsError, disco.Error);
            var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet();
            foreach (var key in disco.KeySet!.Keys)
            {
                keys.Keys.Add(new Microsoft.IdentityModel.Tokens.JsonWebKey { Kid = key.Kid, Kty = key.Kty, Crv = key.Crv, X = key.X, Y = key.Y, Alg = key.Alg, Use = key.Use });
            }

            _keys = keys;
            Fetches++;
        }
    }
}
