namespace DeferredOrleans.InteropTests;

/// <summary>
/// One server process for the whole collection, with interopserver.json (no demo configuration): intervals of 1 s
/// and no poll tolerance, so the clients' real waits stay short and a poll a moment early would show as slow_down.
/// </summary>
public sealed class InteropServer : IAsyncLifetime
{
    private readonly TempDatabase _database = new("interop");
    private GatewayProcess? _server;

    public GatewayProcess Process => _server ?? throw new InvalidOperationException("The server has not started.");

    public string Issuer => Process.Issuer;

    public async Task InitializeAsync()
    {
        _server = await GatewayProcess.StartAsync(new GatewayLaunch(_database.Path)
        {
            ConfigFile = Path.Combine(AppContext.BaseDirectory, "interopserver.json"),
            Settings = new Dictionary<string, string> { ["DeferredOrleans__Deferrals__PollTolerance"] = "00:00:00" },
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _database.Dispose();
    }
}
