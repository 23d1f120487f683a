using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.Bench;

/// <summary>
/// Clients at scale (issue 13, with <c>--clients N</c>): N dynamic registrations (RFC 7591, <c>private_key_jwt</c>
/// with an inline key) and the GC heap per registered client; then the token endpoint with <c>private_key_jwt</c>
/// (an assertion signed beforehand for each request, each with its own <c>jti</c>) beside <c>client_secret_basic</c>,
/// both through the .NET driver; then every assertion of a sample sent again, each of which must be refused (replay
/// protection under load).
/// </summary>
internal static class ClientPhases
{
    public const string InitialAccessToken = "bench-initial-access-token";
    private const string Scope = "docs:read";
    private const string Kid = "bench-1";
    private const int ReplaySample = 500;

    /// <summary>The server settings that enable registration for these phases.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["DeferredOrleans__Registration__Enabled"] = "true",
        ["DeferredOrleans__Registration__InitialAccessTokenHash"] = $"sha256${Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(InitialAccessToken)))}",
        ["DeferredOrleans__Registration__Scopes__0"] = Scope,
    };

    public static async Task<(List<PhaseResult> Phases, double HeapPerClient)> RunAsync(Target server, int clients, int tokens, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyed = KeyedMetadata(key);
        var phases = new List<PhaseResult>();

        var heapBefore = await HeapProbe.HeapAfterFullCollectionAsync(server.ProcessId);
        phases.Add(await Phase.RunAsync($"dynamic registration ({clients} clients, RFC 7591)", clients, concurrency, async _ => await RegisterAsync(http, keyed) is not null));
        var heapPerClient = ((await HeapProbe.HeapAfterFullCollectionAsync(server.ProcessId)).Size - heapBefore.Size) / (double)clients;

        var secretClient = await RegisterAsync(http, $$"""{"grant_types":["client_credentials"],"scope":"{{Scope}}","token_endpoint_auth_method":"client_secret_basic"}""")
            ?? throw new InvalidOperationException("registration of the secret client failed");
        var keyClient = await RegisterAsync(http, keyed) ?? throw new InvalidOperationException("registration of the keyed client failed");
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{secretClient.RootElement.GetProperty("client_id").GetString()}:{secretClient.RootElement.GetProperty("client_secret").GetString()}"));
        var keyClientId = keyClient.RootElement.GetProperty("client_id").GetString()!;

        // Warm both paths (JIT, the key set and the secret's verification), then measure each the same way.
        await Phase.RunAsync("warm-up", 500, concurrency, _ => TokenAsync(http, basic, null, HttpStatusCode.OK));
        await Phase.RunAsync("warm-up", 500, concurrency, _ => TokenAsync(http, null, Assertion(keyClientId, key, server.Issuer), HttpStatusCode.OK));
        phases.Add(await Phase.RunAsync("token: client_secret_basic", tokens, concurrency, _ => TokenAsync(http, basic, null, HttpStatusCode.OK)));
        var assertions = Enumerable.Range(0, tokens).Select(_ => Assertion(keyClientId, key, server.Issuer)).ToArray();
        phases.Add(await Phase.RunAsync("token: private_key_jwt (ES256)", tokens, concurrency, i => TokenAsync(http, null, assertions[i], HttpStatusCode.OK)));
        // A replay is a failed authentication: 401, and once the client's failures pass the lockout threshold, 429.
        phases.Add(await Phase.RunAsync($"replayed assertions ({ReplaySample}, each must be refused)", Math.Min(ReplaySample, tokens), concurrency,
            async i => await TokenStatusAsync(http, null, assertions[i]) is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        return (phases, heapPerClient);
    }

    private static string KeyedMetadata(ECDsa key)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["grant_types"] = new[] { "client_credentials" },
            ["scope"] = Scope,
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["jwks"] = new { keys = new[] { new { kty = "EC", crv = "P-256", kid = Kid, x = Base64Url.EncodeToString(p.Q.X), y = Base64Url.EncodeToString(p.Q.Y) } } },
        });
    }

    private static async Task<JsonDocument?> RegisterAsync(HttpClient http, string metadata)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/register") { Content = new StringContent(metadata, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", InitialAccessToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(body) : null;
    }

    /// <summary>RFC 7523 §3, as the tests sign them, living four minutes so that a long phase does not outlive them.</summary>
    private static string Assertion(string clientId, ECDsa key, string issuer)
    {
        var now = DateTimeOffset.UtcNow;
        return ClientAssertion.Sign(clientId, key, Kid, now, change: claims => claims["exp"] = now.AddMinutes(4).ToUnixTimeSeconds(), audience: $"{issuer}/token");
    }

    private static async Task<bool> TokenAsync(HttpClient http, string? basic, string? assertion, HttpStatusCode expected) =>
        await TokenStatusAsync(http, basic, assertion) == expected;

    private static async Task<HttpStatusCode> TokenStatusAsync(HttpClient http, string? basic, string? assertion)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials"), new("scope", Scope) };
        if (assertion is not null)
        {
            form.Add(new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
            form.Add(new("client_assertion", assertion));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form) };
        if (basic is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(basic);
        }

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
