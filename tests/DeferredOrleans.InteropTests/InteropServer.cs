using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.InteropTests;

/// <summary>
/// One server process for the whole collection, with interopserver.json (no demo configuration): intervals of 1 s
/// and no poll tolerance, so the clients' real waits stay short and a poll a moment early would show as slow_down.
/// Callbacks:AllowPrivateTargets is off, as outside development: client private-jwks's <c>jwks_uri</c> names this
/// machine by its host name, which resolves to its own loopback or private addresses, at the port of
/// <see cref="PrivateKeyHost"/>: a name that passes the check at registration and must be refused at connect time.
/// </summary>
public sealed class InteropServer : IAsyncLifetime
{
    private readonly TempDatabase _database = new("interop");
    private GatewayProcess? _server;

    public GatewayProcess Process => _server ?? throw new InvalidOperationException("The server has not started.");

    public string Issuer => Process.Issuer;

    /// <summary>A listener on every address of this machine where private-jwks's key set would be fetched from, if the server ever connected.</summary>
    public TcpListener PrivateKeyHost { get; } = Socket.OSSupportsIPv6 ? new(IPAddress.IPv6Any, 0) { Server = { DualMode = true } } : new(IPAddress.Any, 0);

    /// <summary>The host name in private-jwks's <c>jwks_uri</c>.</summary>
    public static string PrivateKeyHostName => Dns.GetHostName();

    public async Task InitializeAsync()
    {
        PrivateKeyHost.Start();
        var config = Path.Combine(AppContext.BaseDirectory, "interopserver.json");
        var port = ((IPEndPoint)PrivateKeyHost.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        _server = await GatewayProcess.StartAsync(new GatewayLaunch(_database.Path)
        {
            ConfigFile = config,
            Settings = new Dictionary<string, string>
            {
                ["DeferredOrleans__Deferrals__PollTolerance"] = "00:00:00",
                [$"DeferredOrleans__Clients__{ConfigurationFile.ClientIndex(config, "private-jwks")}__JwksUri"] = $"https://{PrivateKeyHostName}:{port}/jwks",
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        PrivateKeyHost.Stop();
        PrivateKeyHost.Dispose();
        _database.Dispose();
    }
}
