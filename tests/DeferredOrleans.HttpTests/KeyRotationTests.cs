using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Keys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeferredOrleans.HttpTests;

/// <summary>The demo configuration with short key timings: a next key may sign once it has been published for 2 s.</summary>
public sealed class KeyRotationGatewayFactory : GatewayFactory
{
    protected override void UseServerConfiguration(IWebHostBuilder builder)
    {
        builder.UseSetting("DeferredOrleans:Demo", "true");
        builder.UseSetting("DeferredOrleans:Keys:PublicationDelay", "00:00:02");
        builder.UseSetting("DeferredOrleans:Keys:JwksCacheTime", "00:00:01");
        builder.UseSetting("DeferredOrleans:Keys:RefreshInterval", "00:00:01");
    }
}

/// <summary>
/// Signing key rotation through the real pipeline: tokens issued and introspected while the keys rotate, every one
/// verified by the server and by a resource server that knows only <c>/jwks</c>; the admin endpoints and their audit.
/// </summary>
public sealed class KeyRotationTests(KeyRotationGatewayFactory factory) : IClassFixture<KeyRotationGatewayFactory>
{
    private const int Workers = 4;
    private const int Rotations = 3;
    private const int TokensBetweenRotations = 20;
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Rotation_WhileTokensAreIssuedAndIntrospected_NoVerificationFails()
    {
        var tokens = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<string>();
        var issued = 0;
        var done = false;
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            var resourceServer = new JwksVerifier(factory.CreateClient());
            while (!Volatile.Read(ref done))
            {
                var reply = await _http.SendAsync(Token());
                if (reply.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"token endpoint: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
                    continue;
                }

                var token = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
                tokens.Enqueue(token);
                await CheckAsync(token, resourceServer, failures);
                Interlocked.Increment(ref issued);
            }
        })).ToList();

        var rotated = new List<string>();
        for (var rotation = 1; rotation <= Rotations; rotation++)
        {
            while (Volatile.Read(ref issued) < rotation * TokensBetweenRotations && !workers.Any(w => w.IsCompleted))
            {
                await Task.Delay(5);
            }

            // The next key has been published for the 2 s delay: it signs from now on, while the workers go on.
            factory.Time.Advance(TimeSpan.FromSeconds(3));
            var answer = await RotateAsync();
            Assert.Equal("rotated", answer.GetProperty("outcome").GetString());
            rotated.Add(answer.GetProperty("current").GetString()!);
        }

        while (Volatile.Read(ref issued) < (Rotations + 1) * TokensBetweenRotations && !workers.Any(w => w.IsCompleted))
        {
            await Task.Delay(5);
        }

        Volatile.Write(ref done, true);
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        var kids = tokens.Select(t => new JsonWebToken(t).Kid).ToHashSet();
        Assert.Superset(rotated.ToHashSet(), kids);
        Assert.True(kids.Count >= Rotations + 1, $"tokens were signed by {kids.Count} keys");

        // Afterwards, every token issued before or during the rotations still introspects as active and verifies.
        var lateResourceServer = new JwksVerifier(factory.CreateClient());
        foreach (var token in tokens)
        {
            await CheckAsync(token, lateResourceServer, failures);
        }

        Assert.Empty(failures);
        Assert.Equal(1, lateResourceServer.Fetches);
    }

    [Fact]
    public async Task AdminKeys_ListAndRotate_ShowIdsStatesAndTimesNeverKeyMaterial_AndTheRotationIsAudited()
    {
        var ring = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();

        var list = await _http.SendAsync(Admin(HttpMethod.Get, "/admin/keys"));
        var body = await list.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var keys = JsonDocument.Parse(body).RootElement;
        Assert.Equal(ring.Current.Info.KeyId, keys.GetProperty("current").GetString());
        Assert.Contains(keys.GetProperty("keys").EnumerateArray(), k => k.GetProperty("state").GetString() == "next" && k.GetProperty("retires_at").ValueKind == JsonValueKind.Null);
        Assert.All(keys.GetProperty("keys").EnumerateArray(), k => Assert.Equal(
            ["activated", "created", "kid", "retired", "retires_at", "state"],
            k.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        foreach (var secret in new[] { ring.SealingKey, ring.PairwiseSecret, ring.Current.PrivateKeyPkcs8! })
        {
            Assert.DoesNotContain(Convert.ToBase64String(secret), body, StringComparison.Ordinal);
            Assert.DoesNotContain(System.Buffers.Text.Base64Url.EncodeToString(secret), body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(Admin(HttpMethod.Get, "/admin/keys", "alice:demo"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(Admin(HttpMethod.Post, "/admin/keys/rotate", "alice:demo", "{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.SendAsync(Admin(HttpMethod.Post, "/admin/keys/rotate", body: null))).StatusCode);

        factory.Time.Advance(TimeSpan.FromSeconds(3));
        var answer = await RotateAsync();
        var audit = await _http.SendAsync(Admin(HttpMethod.Get, "/admin/audit?approver=dave&limit=1000"));
        var entries = (await audit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").EnumerateArray().ToList();

        Assert.Contains(entries, e => e.GetProperty("kind").GetString() == "keys.rotated" &&
                                      e.GetProperty("detail").GetString()!.Contains($"{answer.GetProperty("current").GetString()} current", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jwks_PublishesTheNextKeyBeforeItSigns_AndCachesForTheConfiguredTime()
    {
        var response = await _http.GetAsync(new Uri("/jwks", UriKind.Relative));
        var published = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        var schedule = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetScheduleAsync();

        Assert.Equal("public, max-age=1", response.Headers.CacheControl?.ToString());
        Assert.Contains(schedule.Keys.Single(k => k.State == SigningKeyState.Next).KeyId, published);
        Assert.Contains(schedule.Keys.Single(k => k.State == SigningKeyState.Current).KeyId, published);
    }

    private async Task CheckAsync(string token, JwksVerifier resourceServer, ConcurrentQueue<string> failures)
    {
        var introspection = new HttpRequestMessage(HttpMethod.Post, "/introspect")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]),
        };
        introspection.Headers.Authorization = OAuthTestClient.Basic("my-api", "api-secret");
        var reply = await _http.SendAsync(introspection);
        if (!(await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean())
        {
            failures.Enqueue($"introspection: inactive token signed by {new JsonWebToken(token).Kid}");
        }

        if (await resourceServer.ValidateAsync(token) is { } problem)
        {
            failures.Enqueue($"/jwks: {problem}");
        }
    }

    private async Task<JsonElement> RotateAsync()
    {
        var response = await _http.SendAsync(Admin(HttpMethod.Post, "/admin/keys/rotate", body: "{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpRequestMessage Token()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "docs:read")]),
        };
        request.Headers.Authorization = OAuthTestClient.Basic("agent", "agent-secret");
        return request;
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, string credentials = "dave:demo", string? body = null)
    {
        var (user, password) = (credentials.Split(':')[0], credentials.Split(':')[1]);
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : OAuthTestClient.Json(body) };
        request.Headers.Authorization = OAuthTestClient.Basic(user, password);
        return request;
    }

    /// <summary>
    /// A resource server as the README asks it to be: it keeps the key set it fetched from <c>/jwks</c> and fetches
    /// it again only for a <c>kid</c> it does not know; the token is validated by Microsoft.IdentityModel.
    /// </summary>
    private sealed class JwksVerifier(HttpClient http)
    {
        private JsonWebKeySet? _keys;

        public int Fetches { get; private set; }

        public async Task<string?> ValidateAsync(string token)
        {
            var kid = new JsonWebToken(token).Kid;
            if (_keys is null || !_keys.Keys.Any(k => k.Kid == kid))
            {
                _keys = new JsonWebKeySet(await http.GetStringAsync(new Uri("/jwks", UriKind.Relative)));
                Fetches++;
            }

            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuer = "http://localhost",
                ValidateAudience = false,
                // The server runs on a fake clock a few seconds ahead at most; lifetimes are the introspection's business here.
                ValidateLifetime = false,
                IssuerSigningKeys = _keys.GetSigningKeys(),
                ValidTypes = ["at+jwt"],
            });
            return result.IsValid ? null : $"{kid}: {result.Exception?.Message}";
        }
    }
}
