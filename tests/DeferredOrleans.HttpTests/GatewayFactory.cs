using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The real gateway (co-hosted silo, SQLite file, whole HTTP pipeline) in memory, on a fake clock for grains and
/// endpoints while the silo's own machinery runs on real time.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"deferred-orleans-http-{Guid.NewGuid():N}.db");

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>This server's SQLite file.</summary>
    public string DatabasePath => _database;

    /// <summary>The key-encryption key ring of this server, beside its database rather than in a keys/ directory every test would share.</summary>
    public string KeysDirectory => _database + ".keys";

    /// <summary>The notification endpoint of client "cb" (a real listener on loopback).</summary>
    public CallbackReceiver Callbacks { get; } = new();

    /// <summary>
    /// The position of <paramref name="clientId"/> in testserver.json's client list, to override one of its settings
    /// (configuration addresses list items by position).
    /// </summary>
    public static int ClientIndex(string clientId) => ConfigurationFile.ClientIndex(Path.Combine(AppContext.BaseDirectory, "testserver.json"), clientId);

    /// <summary>The server's configuration: here the conformance configuration (testserver.json).</summary>
    protected virtual void UseServerConfiguration(IWebHostBuilder builder)
    {
        builder.UseSetting("DeferredOrleans:Demo", "false");
        builder.UseSetting("DeferredOrleans:ConfigFile", Path.Combine(AppContext.BaseDirectory, "testserver.json"));
        builder.UseSetting($"DeferredOrleans:Clients:{ClientIndex("cb")}:DeferredNotificationEndpoint", Callbacks.Endpoint);
        builder.UseSetting($"DeferredOrleans:Clients:{ClientIndex("ciba-ping")}:BackchannelClientNotificationEndpoint", Callbacks.Endpoint);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        UseServerConfiguration(builder);
        builder.UseSetting("DeferredOrleans:Server:Issuer", "http://localhost");
        builder.UseSetting("DeferredOrleans:Storage:Profile", "Sqlite");
        builder.UseSetting("DeferredOrleans:Storage:SqlitePath", _database);
        builder.UseSetting("DeferredOrleans:Keys:Directory", KeysDirectory);
        builder.UseSetting("DeferredOrleans:Deferrals:PollTolerance", "00:00:00");
        builder.UseSetting("DeferredOrleans:Silo:SiloPort", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("DeferredOrleans:Silo:GatewayPort", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            services.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, TimeProvider.System);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Callbacks.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database + suffix);
        }

        if (Directory.Exists(KeysDirectory))
        {
            Directory.Delete(KeysDirectory, recursive: true);
        }
    }
}
