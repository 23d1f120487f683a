namespace DeferredOrleans.Conformance;

/// <summary>
/// One gateway process shared by a collection of checks: the suite's configuration (conformance.json), a fresh
/// SQLite file, and client <c>cb</c>'s notification endpoint pointed at a real listener.
/// </summary>
public abstract class ConformanceServer : IAsyncLifetime
{
    /// <summary>Position of client <c>cb</c> in conformance.json's client list.</summary>
    public const int CallbackClientIndex = 3;

    private readonly TempDatabase _database = new("conformance");
    private TestCertificate? _certificate;
    private GatewayProcess? _server;

    public CallbackReceiver Callbacks { get; } = new();

    public GatewayProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public string Issuer => Server.Issuer;

    protected abstract bool Https { get; }

    /// <summary>The suite's configuration file, copied next to the test assembly.</summary>
    public static string SuiteConfigFile => Path.Combine(AppContext.BaseDirectory, "conformance.json");

    /// <summary>How the suite starts a server: its configuration file instead of the demo one, and only warnings logged.</summary>
    public static GatewayLaunch Launch(string database, TestCertificate? certificate = null) =>
        new(database) { ConfigFile = SuiteConfigFile, Certificate = certificate, LogLevel = "Warning" };

    /// <summary>A client of this server (its own HttpClient, which trusts only this server's certificate).</summary>
    public DtrClient CreateClient() => new(new HttpClient(TestCertificate.Handler(_certificate), disposeHandler: true) { BaseAddress = Server.Address }, Issuer);

    public async Task InitializeAsync()
    {
        _certificate = Https ? new TestCertificate(_database.Directory) : null;
        _server = await GatewayProcess.StartAsync(Launch(_database.Path, _certificate) with
        {
            Settings = new Dictionary<string, string>
            {
                [$"DeferredOrleans__Clients__{CallbackClientIndex}__DeferredNotificationEndpoint"] = Callbacks.Endpoint,
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Callbacks.Dispose();
        _certificate?.Dispose();
        _database.Dispose();
    }
}
