namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks whose subject is the server's configuration: it refuses to start rather than run with a client it cannot
/// serve safely. Check 50 (CIBA push) and check 59 (notification endpoints in production mode) of
/// docs/conformance.md.
/// </summary>
public sealed class StartupRefusalChecks
{
    /// <summary>Position of client <c>ciba</c> in conformance.json's client list.</summary>
    private const int CibaIndex = 6;

    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// CIBA push delivery is deliberately not supported, so the check's "push client calls /token → 400
    /// unauthorized_client" cannot arise: a client registered for push stops the server at start instead.
    /// </summary>
    [Fact]
    public async Task Check50_CibaPushClient_ServerRefusesToStartNamingPush()
    {
        using var database = new TempDatabase("conformance");

        var (exitCode, output) = await GatewayProcess.RunToExitAsync(ConformanceServer.Launch(database.Path) with
        {
            Settings = new Dictionary<string, string>
            {
                [$"DeferredOrleans__Clients__{CibaIndex}__BackchannelTokenDeliveryMode"] = "push",
                [$"DeferredOrleans__Clients__{CibaIndex}__BackchannelClientNotificationEndpoint"] = "https://client.example/ciba",
            },
        }, ExitTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Invalid clients configuration", output, StringComparison.Ordinal);
        Assert.Contains("client 'ciba'", output, StringComparison.Ordinal);
        Assert.Contains("push is not supported", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check59_ProductionModeNotificationEndpointOnHttpOrLoopback_IsInvalidClientMetadata()
    {
        var http = RefuseAsync("http://client.example/callback", "must use https");
        var loopback = RefuseAsync("https://127.0.0.1/callback", "must not be a private, loopback or link-local address");
        await Task.WhenAll(http, loopback);

        // A public https endpoint is accepted in the same mode, so the refusals are about the endpoints.
        using var database = new TempDatabase("conformance");
        await using var accepted = await GatewayProcess.StartAsync(ProductionLaunch(database, "https://client.example/callback"));
        Assert.False(accepted.HasExited);
    }

    private static async Task RefuseAsync(string endpoint, string problem)
    {
        using var database = new TempDatabase("conformance");

        var (exitCode, output) = await GatewayProcess.RunToExitAsync(ProductionLaunch(database, endpoint), ExitTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"invalid_client_metadata: client 'cb' deferred_client_notification_endpoint {problem}", output, StringComparison.Ordinal);
    }

    private static GatewayLaunch ProductionLaunch(TempDatabase database, string endpoint) => ConformanceServer.Launch(database.Path) with
    {
        Settings = new Dictionary<string, string>
        {
            ["DeferredOrleans__Callbacks__AllowPrivateTargets"] = "false",
            [$"DeferredOrleans__Clients__{ConformanceServer.CallbackClientIndex}__DeferredNotificationEndpoint"] = endpoint,
        },
    };
}
