using System.Globalization;
using System.Text.RegularExpressions;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// The cluster profile as real processes on loopback: Azurite, N silos (Azure Table clustering, grain storage and
/// reminders) and one gateway that is an Orleans client of them, with the test configuration (clustertest.json).
/// </summary>
public sealed partial class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}"[..13];
    private readonly List<Silo> _silos = [];
    private readonly int _gatewayPort = Repository.FreePort();

    private LocalCluster(Azurite azurite)
    {
        Azurite = azurite;
        GatewayAddress = new Uri($"http://127.0.0.1:{_gatewayPort}");
    }

    public Azurite Azurite { get; }

    public Uri GatewayAddress { get; }

    public HostProcess Gateway { get; private set; } = null!;

    public IReadOnlyList<Silo> Silos => _silos;

    public static async Task<LocalCluster> StartAsync(int silos = 2)
    {
        var cluster = new LocalCluster(await Azurite.StartNewAsync());
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

        await Azurite.DisposeAsync();
    }

    private Silo StartSilo(int number)
    {
        var admin = new Uri($"http://127.0.0.1:{Repository.FreePort()}");
        var environment = Common();
        environment["DeferredOrleans__Silo__SiloPort"] = Port(Repository.FreePort());
        environment["DeferredOrleans__Silo__GatewayPort"] = Port(Repository.FreePort());
        environment["DeferredOrleans__Silo__AdminUrls"] = admin.ToString();
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

    private Dictionary<string, string> Common() => new()
    {
        ["DeferredOrleans__Silo__Clustering"] = "AzureStorage",
        ["DeferredOrleans__Silo__ClusterId"] = _clusterId,
        ["DeferredOrleans__Storage__Profile"] = "AzureStorage",
        ["DeferredOrleans__Storage__AzureConnectionString"] = Azurite.ConnectionString,
        ["DeferredOrleans__Deferrals__PollTolerance"] = "00:00:00",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__DeferredOrleans.Grains.Deferrals"] = "Information",
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
