using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// Where the server listens, as a newcomer moves it: ASP.NET Core's <c>ASPNETCORE_URLS</c> alone moves the HTTP port
/// and the issuer; a second instance on the same machine starts although the first holds the default silo ports; a
/// port another process holds stops the start with one line on stderr and exit code 1.
/// </summary>
public sealed class ListeningTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AspNetCoreUrls_Alone_MovesTheServerAndItsIssuer()
    {
        using var database = new TempDatabase("listening");
        await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path) { OnlyUrls = true });
        using var client = new DemoClient(server.Address);
        using var http = new HttpClient { BaseAddress = server.Address };

        var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative))).RootElement;
        var token = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "docs:read"));

        Assert.Equal(server.Issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal($"{server.Issuer}/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(server.Issuer, Claim(token.GetProperty("access_token").GetString()!, "iss"));
    }

    [Fact]
    public async Task SecondInstance_WithTheDefaultSiloPorts_StartsBesideTheFirst()
    {
        using var first = new TempDatabase("listening-first");
        using var second = new TempDatabase("listening-second");

        await using var one = await GatewayProcess.StartAsync(new GatewayLaunch(first.Path) { OnlyUrls = true });
        await using var two = await GatewayProcess.StartAsync(new GatewayLaunch(second.Path) { OnlyUrls = true });

        using var client = new DemoClient(two.Address);
        var token = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "docs:read"));
        Assert.True(token.TryGetProperty("access_token", out _), token.ToString());
        Assert.False(one.HasExited, one.Output);
    }

    [Fact]
    public async Task BusyHttpPort_StopsTheStartWithOneLine()
    {
        using var database = new TempDatabase("listening-busy");
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exit, output) = await GatewayProcess.RunToExitAsync(new GatewayLaunch(database.Path) { Port = port, OnlyUrls = true }, ExitTimeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith($"DeferredOrleans cannot listen on http://127.0.0.1:{port}/: it is in use by another process.", line, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressWithoutScheme_StopsTheStartWithOneLine()
    {
        using var database = new TempDatabase("listening-scheme");

        var (exit, output) = await GatewayProcess.RunToExitAsync(new GatewayLaunch(database.Path)
        {
            OnlyUrls = true,
            Settings = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "localhost:5081" },
        }, ExitTimeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith("DeferredOrleans cannot listen on 'localhost:5081': an address is scheme://host:port", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BusyConfiguredSiloPort_StopsTheStartWithOneLine()
    {
        using var database = new TempDatabase("listening-silo");
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (exit, output) = await GatewayProcess.RunToExitAsync(new GatewayLaunch(database.Path)
        {
            OnlyUrls = true,
            Settings = new Dictionary<string, string> { ["DeferredOrleans__Silo__SiloPort"] = port },
        }, ExitTimeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith($"DeferredOrleans cannot open silo port {port} (DeferredOrleans:Silo:SiloPort): it is in use by another process.", line, StringComparison.Ordinal);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Claim(string jwt, string name)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty(name).GetString();
    }
}
