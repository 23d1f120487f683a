using System.Net;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The way from the demo to production: the README's example operator file (<c>deploy/production.example.json</c>)
/// given as <c>DeferredOrleans:ConfigFile</c> replaces the demo configuration, so none of the demo's clients, users
/// or rules remain; asking for both is refused with one line.
/// </summary>
public sealed class OperatorConfigurationTests
{
    private static readonly string ExampleFile = Path.Combine(GatewayProcess.RepositoryRoot, "deploy", "production.example.json");

    [Fact]
    public async Task ProductionExample_AsConfigFile_StartsWithItsIssuerAndWithoutTheDemo()
    {
        using var database = new TempDatabase("operator");
        await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)
        {
            OnlyUrls = true,
            Settings = new Dictionary<string, string> { ["DeferredOrleans__ConfigFile"] = ExampleFile },
        });
        using var client = new DemoClient(server.Address);
        using var http = new HttpClient { BaseAddress = server.Address };

        var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative))).RootElement;
        var demoAgent = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "docs:read"));
        using var demoUser = await client.SendAsync(HttpMethod.Get, "/approvals", "alice:demo");

        Assert.Equal("https://auth.example.com", metadata.GetProperty("issuer").GetString());
        Assert.Equal("invalid_client", demoAgent.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, demoUser.StatusCode);
    }

    [Fact]
    public async Task DemoTrue_WithAConfigFile_StopsTheStartWithOneLine()
    {
        using var database = new TempDatabase("operator-demo");

        var (exit, output) = await GatewayProcess.RunToExitAsync(new GatewayLaunch(database.Path)
        {
            Settings = new Dictionary<string, string>
            {
                ["DeferredOrleans__ConfigFile"] = ExampleFile,
                ["DeferredOrleans__Demo"] = "true",
            },
        }, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("DeferredOrleans:Demo=true cannot be combined with DeferredOrleans:ConfigFile", line, StringComparison.Ordinal);
    }
}
