using System.Globalization;
using DeferredOrleans.Bench;
using DeferredOrleans.TestSupport;

// dotnet run -c Release --project bench/DeferredOrleans.Bench -- [--runs R] [--concurrency C] [--seconds S]
//     [--codes N] [--bulk B] [--pending P] [--gateway PATH/DeferredOrleans.Gateway.dll] [--inbox-items I] [--trace PHASE]
//     [--clients N] [--tokens T] [--reactivation N [--idle-wait S]] [--cluster [URL]] [--settings]
// Per run: a fresh server (embedded profile, demo configuration) and the trivial ceiling endpoint, both driven by wrk
// (and by the .NET driver for the phases that need one request per code), every phase as a fraction of the ceiling
// measured by the same generator in the same run; see RunPhases. Needs Debian's wrk (apt-get install wrk).
// --reactivation N: instead of the standard phases, N pending deferrals polled while their grains are active and again
// after idle deactivation. --cluster: the phases against the gateway of scripts/cluster-up.sh (default
// http://127.0.0.1:5080, pids from $CLUSTER_DIR or .cluster) instead of an embedded server; --settings prints the
// server settings the run would give an embedded server, as environment lines for cluster-up.sh.
// dotnet run -c Release --project bench/DeferredOrleans.Bench -- --attack [--url URL] [--seconds S]: online guessing.
if (args.Contains("--attack"))
{
    return await Attack.RunAsync(args);
}

if (args.Contains("--ceiling"))
{
    return await Ceiling.ServeAsync([.. args.Where(a => a != "--ceiling")]);
}

var options = Options.Parse(args);
if (args.Contains("--settings"))
{
    // The run's server settings as environment lines: env $(dotnet ...Bench.dll --settings) scripts/cluster-up.sh
    foreach (var line in RunPhases.SettingLines(options))
    {
        Console.WriteLine(line);
    }

    return 0;
}

ThreadCpu.TracePhase = Array.IndexOf(args, "--trace") is var t and >= 0 && t + 1 < args.Length ? args[t + 1] : null;
var runs = new List<RunResult>();
for (var run = 1; run <= options.Runs; run++)
{
    Console.Error.WriteLine($"run {run}/{options.Runs}");
    runs.Add(await RunPhases.RunOnceAsync(options));
}

Report.Write(Console.Out, options, runs);
return runs.SelectMany(r => r.Rows).Any(p => p.Failures > 0) ? 1 : 0;

internal sealed record Options(int Runs, int Concurrency, int Seconds, int Codes, int Bulk, int Pending, string? Gateway, int InboxItems, int Clients = 0, int Tokens = 0)
{
    /// <summary>Pending deferrals of the reactivation phase (0: the standard phases).</summary>
    public int Reactivation { get; init; }

    /// <summary>Seconds the reactivation phase leaves its deferrals idle: past the run's idle deactivation of 65 s and the collections that follow it (one per 1-minute quantum).</summary>
    public int IdleWait { get; init; } = 180;

    /// <summary>The gateway of the local cluster (scripts/cluster-up.sh), or null for an embedded server per run.</summary>
    public Uri? Cluster { get; init; }

    /// <summary>Where cluster-up.sh keeps its pid files: $CLUSTER_DIR, by default .cluster in the repository.</summary>
    public string ClusterDirectory { get; init; } = Environment.GetEnvironmentVariable("CLUSTER_DIR") is { Length: > 0 } directory
        ? directory : Path.Combine(GatewayProcess.RepositoryRoot, ".cluster");

    public static Options Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var gateway = Array.IndexOf(args, "--gateway") is var g and >= 0 && g + 1 < args.Length ? Path.GetFullPath(args[g + 1]) : null;
        return new Options(Value("--runs", 3), Value("--concurrency", 32), Value("--seconds", 10), Value("--codes", 2000),
            Value("--bulk", 10000), Value("--pending", 0), gateway, Value("--inbox-items", 0), Value("--clients", 0), Value("--tokens", 10000))
        {
            Reactivation = Value("--reactivation", 0),
            IdleWait = Value("--idle-wait", 180),
            Cluster = Array.IndexOf(args, "--cluster") is var k and >= 0
                ? new Uri(k + 1 < args.Length && !args[k + 1].StartsWith("--", StringComparison.Ordinal) ? args[k + 1] : "http://127.0.0.1:5080")
                : null,
        };
    }
}
