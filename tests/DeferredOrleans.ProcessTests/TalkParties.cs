using System.Globalization;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The talk's parties as real processes: the authorization server (demo configuration) and the sample Docs API on
/// loopback; agents are started per test. Alice finds and decides requests through the approval API.
/// </summary>
public sealed class TalkParties : IAsyncDisposable
{
    private readonly TempDatabase _database;
    private readonly DemoClient _demo;

    private TalkParties(TempDatabase database, GatewayProcess server, HostProcess docs, Uri docsAddress)
    {
        _database = database;
        _demo = new DemoClient(server.Address);
        Server = server;
        Docs = docs;
        DocsAddress = docsAddress;
    }

    public GatewayProcess Server { get; }

    public HostProcess Docs { get; }

    public Uri DocsAddress { get; }

    /// <summary>Starts both; <paramref name="serverSettings"/> go to the server on top of the demo configuration.</summary>
    public static async Task<TalkParties> StartAsync(IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        var database = new TempDatabase("talk");
        var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path) { Settings = serverSettings ?? new Dictionary<string, string>() });
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}");
        var docs = Samples.Start("DocsApi", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = address.ToString(),
            ["DocsApi__Resource"] = address.ToString().TrimEnd('/'),
            ["DocsApi__Authority"] = server.Issuer,
        });
        await docs.WaitUntilServingAsync(new Uri(address, "/.well-known/oauth-protected-resource"), TimeSpan.FromSeconds(60));
        return new TalkParties(database, server, docs, address);
    }

    /// <summary>The sample agent (the SDK's handler) against these parties; <paramref name="environment"/> overrides its defaults.</summary>
    public HostProcess StartAgent(string environment = "Development", string? trustedIssuer = null) =>
        Samples.Start("Agent", new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = environment,
            ["Agent__Docs"] = DocsAddress.ToString().TrimEnd('/'),
            ["Agent__Issuer"] = trustedIssuer ?? Server.Issuer,
        });

    /// <summary>Step 4: the request reaches the person the server routed it to; waits until it is in their list, and returns its id.</summary>
    public async Task<string> WaitForApprovalAsync(string approver, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _demo.SendAsync(HttpMethod.Get, "/approvals", $"{approver}:demo");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (json.RootElement.GetProperty("items").EnumerateArray().LastOrDefault() is { ValueKind: JsonValueKind.Object } item)
            {
                return item.GetProperty("id").GetString()!;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{approver} got no request within 60 s:\n{diagnostics()}\n--- server ---\n{Server.Output}");
    }

    /// <summary>How many requests wait for <paramref name="approver"/>.</summary>
    public async Task<int> PendingCountAsync(string approver)
    {
        using var response = await _demo.SendAsync(HttpMethod.Get, "/approvals", $"{approver}:demo");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("items").GetArrayLength();
    }

    /// <summary>Step 5: <c>approve</c> or <c>deny</c>.</summary>
    public async Task DecideAsync(string approver, string id, string decision)
    {
        using var response = await _demo.SendAsync(HttpMethod.Post, $"/approvals/{id}/{decision}", $"{approver}:demo", "{}");
        Assert.True(response.IsSuccessStatusCode, $"{decision} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A token of the demo agent straight from the token endpoint (RFC 6749 §4.4), for probing the Docs API.</summary>
    public async Task<string> AgentTokenAsync(string scope, string resource) =>
        (await _demo.TokenAsync(("grant_type", "client_credentials"), ("scope", scope), ("resource", resource))).GetProperty("access_token").GetString()!;

    public async ValueTask DisposeAsync()
    {
        _demo.Dispose();
        await Docs.DisposeAsync();
        await Server.DisposeAsync();
        _database.Dispose();
    }
}
