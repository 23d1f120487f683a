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

    public static async Task<TestCluster> StartAsync(string? sqlitePath = null, short silos = 1, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["DeferredOrleans:Deferrals:PollTolerance"] = "00:00:00",
            ["DeferredOrleans:Storage:Profile"] = sqlitePath is null ? "Memory" : "Sqlite",
            ["DeferredOrleans:Storage:SqlitePath"] = sqlitePath,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = SiloConfiguration.ServiceId;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(time);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            host.Services.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, TimeProvider.System);
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
