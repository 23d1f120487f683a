using System.Globalization;
using System.Text.RegularExpressions;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// The cluster profile as real processes on loopback: a storage server (Azurite or PostgreSQL), N silos that keep
/// their membership table, grain state and reminders in it, and one gateway that is an Orleans client of them, with
/// the test configuration (clustertest.json).
/// </summary>
public sealed partial class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}"[..13];
    private readonly List<Silo> _silos = [];
    private readonly int _gatewayPort = LoopbackPorts.Free();

    /// <summary>The key-encryption key ring every silo of this cluster shares, as a mounted volume would be.</summary>
    private readonly string _keys = Directory.CreateTempSubdirectory("deferred-orleans-cluster-keys-").FullName;

    private LocalCluster(IStorageServer storage)
    {
        Storage = storage;
        GatewayAddress = new Uri($"http://127.0.0.1:{_gatewayPort}");
    }

    public IStorageServer Storage { get; }

    public Uri GatewayAddress { get; }

    public HostProcess Gateway { get; private set; } = null!;

    public IReadOnlyList<Silo> Silos => _silos;

    public static async Task<LocalCluster> StartAsync(int silos = 2, ClusterStorage storage = ClusterStorage.Azurite)
    {
        var cluster = new LocalCluster(storage == ClusterStorage.Postgres ? await PostgresStorage.StartNewAsync() : await Azurite.StartNewAsync());
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(cluster.StartSilo(i + 1));
            }

            await Task.WhenAll(cluster._silos.Select(s => WaitReadyAsync(s.Process, s.Admin)));
            await cluster.StartGatewayAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9 of the gateway process, then a new one on the same address.</summary>
    public async Task<TimeSpan> RestartGatewayAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Gateway.KillAsync();
        await Gateway.DisposeAsync();
        await StartGatewayAsync();
        return clock.Elapsed;
    }

    /// <summary>
    /// Stops every process as an orchestrator would (SIGTERM; each silo leaves the membership table), then starts as
    /// many new silos and a new gateway on the same storage: what was stored is all that carries over.
    /// </summary>
    public async Task RestartAllAsync()
    {
        await Gateway.TerminateAsync(TimeSpan.FromSeconds(20));
        await Gateway.DisposeAsync();
        await Task.WhenAll(_silos.Select(s => s.Process.TerminateAsync(TimeSpan.FromSeconds(30))));
        var count = _silos.Count;
        foreach (var silo in _silos)
        {
            await silo.Process.DisposeAsync();
        }

        _silos.Clear();
        for (var i = 0; i < count; i++)
        {
            _silos.Add(StartSilo(i + 1));
        }

        await Task.WhenAll(_silos.Select(s => WaitReadyAsync(s.Process, s.Admin)));
        await StartGatewayAsync();
    }

    /// <summary>The deferral ids whose creation this silo logged, i.e. the deferrals it hosts.</summary>
    public static IReadOnlySet<string> HostedDeferrals(HostProcess silo) =>
        Created().Matches(silo.Output).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The deferral ids whose expiry reminder ran on this silo.</summary>
    public static IReadOnlySet<string> ExpiredByReminder(HostProcess silo) =>
        Expired().Matches(silo.Output).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);

    public string Diagnostics() =>
        string.Join("\n", _silos.Select(s => $"--- silo {s.Number} ---\n{Tail(s.Process.Output)}").Append($"--- gateway ---\n{Tail(Gateway?.Output ?? "")}"));

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.Process.DisposeAsync();
        }

        await Storage.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    private Silo StartSilo(int number)
    {
        var admin = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var environment = Common();
        environment["DeferredOrleans__Silo__SiloPort"] = Port(LoopbackPorts.Free());
        environment["DeferredOrleans__Silo__GatewayPort"] = Port(LoopbackPorts.Free());
        environment["DeferredOrleans__Silo__AdminUrls"] = admin.ToString();
        environment["DeferredOrleans__Keys__Directory"] = _keys;
        var process = HostProcess.Start($"silo{number}", Repository.SiloDirectory, "dotnet", ["DeferredOrleans.Silo.dll"], environment);
        return new Silo(number, process, admin);
    }

    private async Task StartGatewayAsync()
    {
        var environment = Common();
        environment["DeferredOrleans__Gateway__Role"] = "Client";
        environment["Urls"] = GatewayAddress.ToString();
        environment["DeferredOrleans__Server__Issuer"] = GatewayAddress.ToString().TrimEnd('/');
        environment["DeferredOrleans__Demo"] = "false";
        environment["DeferredOrleans__ConfigFile"] = Path.Combine(AppContext.BaseDirectory, "clustertest.json");
        Gateway = HostProcess.Start("gateway", Repository.GatewayDirectory, "dotnet", ["DeferredOrleans.Gateway.dll"], environment);
        await WaitReadyAsync(Gateway, GatewayAddress);
    }

    private Dictionary<string, string> Common() => new(Storage.Settings)
    {
        ["DeferredOrleans__Silo__ClusterId"] = _clusterId,
        ["DeferredOrleans__Deferrals__PollTolerance"] = "00:00:00",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__DeferredOrleans.Grains.Deferrals"] = "Information",
        ["Logging__LogLevel__DeferredOrleans.Silo.Storage"] = "Information",
    };

    private static async Task WaitReadyAsync(HostProcess process, Uri address)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync($"{process.Name} is ready at {address}", StartBound, async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited:\n{process.Output}");
            }

            try
            {
                return (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, () => process.Output);
    }

    private static string Tail(string output) => output.Length > 6000 ? output[^6000..] : output;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Deferral (?<id>[A-Za-z0-9_-]{43}) created for client")]
    private static partial Regex Created();

    [GeneratedRegex(@"Deferral (?<id>[A-Za-z0-9_-]{43}) expired")]
    private static partial Regex Expired();

    /// <summary>A silo process and the address of its health endpoints.</summary>
    public sealed record Silo(int Number, HostProcess Process, Uri Admin);
}
