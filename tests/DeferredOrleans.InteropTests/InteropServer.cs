namespace DeferredOrleans.InteropTests;

/// <summary>
/// One server process for the whole collection, with interopserver.json (no demo configuration): intervals of 1 s
/// and no poll tolerance, so the clients' real waits stay short and a poll a moment early would show as slow_down.
/// </summary>
public sealed class InteropServer : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private ServerProcess? _server;

    public ServerProcess Process => _server ?? throw new InvalidOperationException("The server has not started.");

    public string Issuer => Process.Issuer;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            _database.Path,
            Path.Combine(AppContext.BaseDirectory, "interopserver.json"),
            new Dictionary<string, string> { ["DeferredOrleans__Deferrals__PollTolerance"] = "00:00:00" });
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
