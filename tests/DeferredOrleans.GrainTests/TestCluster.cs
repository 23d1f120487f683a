using DeferredOrleans.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// An in-process Orleans cluster whose grains see a fake clock, while the silo's own maintenance runs on real time.
/// Storage is memory unless a SQLite file is given.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(InProcessTestCluster cluster, FakeTimeProvider time)
    {
        Cluster = cluster;
        Time = time;
    }

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Time { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<TestCluster> StartAsync(string? sqlitePath = null, short silos = 1, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var values = new Dictionary<string, string?>
        {
            ["DeferredOrleans:Deferrals:PollTolerance"] = "00:00:00",
            ["DeferredOrleans:Storage:Profile"] = sqlitePath is null ? "Memory" : "Sqlite",
            ["DeferredOrleans:Storage:SqlitePath"] = sqlitePath,

            // The key-encryption key ring beside the test's own database, not in a keys/ directory shared by every test.
            ["DeferredOrleans:Keys:Directory"] = sqlitePath is null ? null : SqliteFile.KeysDirectory(sqlitePath),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = SiloConfiguration.ServiceId;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(time);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            host.Services.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, TimeProvider.System);

            // Connector tasks in these tests use a short reminder period, so a restart resumes them within seconds.
            host.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        builder.ConfigureSilo((_, silo) => silo.AddDeferredOrleans(configuration));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TestCluster(cluster, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
