using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// The README's "Run a cluster" and "Running the cluster on PostgreSQL" blocks as written: scripts/cluster-up.sh, the
/// walkthrough against the cluster (with the console metrics exporter on, on Azurite), scripts/cluster-down.sh
/// stopping exactly what it started.
/// </summary>
public sealed partial class ClusterScriptTests(ITestOutputHelper output)
{
    private const int ReadmePort = 5080;
    private const string WalkthroughLine = "# Now run the walkthrough above, unchanged.";

    [Fact]
    public async Task ClusterScripts_AsWrittenInTheReadme_StartServeAndStopExactlyTheirProcesses()
    {
        var (directory, environment) = Prepare();
        try
        {
            var (exit, log) = await RunAsync("cluster", directory, environment);
            Assert.True(exit == 0, log + Logs(environment["CLUSTER_DIR"]));
            Assert.Contains("\"method\": \"resource_owner\"", log, StringComparison.Ordinal);
            Assert.Equal(3, AccessTokens().Matches(log).Count);
            Assert.Contains("stopped gateway", log, StringComparison.Ordinal);
            // Azurite closes its servers on SIGTERM but may not exit within the script's 10 s, and is then killed: stopped either way.
            Assert.Matches("(stopped|killed) azurite", log);

            // The console exporter showed our metrics while the walkthrough ran.
            var silos = File.ReadAllText(Path.Combine(environment["CLUSTER_DIR"], "logs", "silo1.log")) + File.ReadAllText(Path.Combine(environment["CLUSTER_DIR"], "logs", "silo2.log"));
            Assert.Contains("deferred_orleans.polls", silos, StringComparison.Ordinal);
            Assert.Contains("deferred_orleans.deferrals.created", silos, StringComparison.Ordinal);

            // Traces: a token request's trace on the gateway continues into grain calls on a silo.
            var gateway = File.ReadAllText(Path.Combine(environment["CLUSTER_DIR"], "logs", "gateway.log"));
            Assert.Contains("deferred_orleans.tokens.issued", gateway, StringComparison.Ordinal);
            var tokenTraces = TokenRequestTraces().Matches(gateway).Select(m => m.Groups["trace"].Value).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(tokenTraces);
            Assert.Contains(TraceIds().Matches(silos), m => tokenTraces.Contains(m.Groups["trace"].Value));

            // Exactly the recorded processes were stopped, and their pid files are gone.
            Assert.Empty(Directory.GetFiles(Path.Combine(environment["CLUSTER_DIR"], "pids")));
        }
        finally
        {
            await ShellCommand.RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "cluster-down.sh")], environment);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task PostgresClusterScripts_AsWrittenInTheReadme_StartServeStoreInPostgresAndStopExactlyTheirProcesses()
    {
        var (directory, environment) = Prepare();

        // Under root the server runs as the postgres user, which must reach .cluster/postgres inside this directory.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var postgresPort = LoopbackPorts.Free();
        environment["POSTGRES_PORT"] = Port(postgresPort);
        try
        {
            var (exit, log) = await RunAsync("cluster-postgres", directory, environment, ("15432", Port(postgresPort)));
            Assert.True(exit == 0, log + Logs(environment["CLUSTER_DIR"]));
            Assert.Contains("\"method\": \"resource_owner\"", log, StringComparison.Ordinal);
            Assert.Equal(3, AccessTokens().Matches(log).Count);
            Assert.Contains($"PostgreSQL on :{postgresPort}", log, StringComparison.Ordinal);

            // psql listed the grains' rows: the deferrals the walkthrough made are stored in PostgreSQL.
            Assert.Matches(@"\bdeferral\s+\|\s+[1-9]", log);
            Assert.Contains("stopped gateway", log, StringComparison.Ordinal);
            Assert.Contains("stopped postgres", log, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.Combine(environment["CLUSTER_DIR"], "pids")));
        }
        finally
        {
            await ShellCommand.RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "cluster-down.sh")], environment);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A fresh directory to run in and the scripts' environment: free ports for everything but the README's 5080.</summary>
    private static (string Directory, Dictionary<string, string> Environment) Prepare()
    {
        var directory = Directory.CreateTempSubdirectory("deferred-orleans-cluster-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["CLUSTER_DIR"] = Path.Combine(directory, ".cluster"),
            ["CONFIGURATION"] = Repository.Configuration,
            ["AZURITE_BLOB_PORT"] = Port(LoopbackPorts.Free()),
            ["AZURITE_QUEUE_PORT"] = Port(LoopbackPorts.Free()),
            ["AZURITE_TABLE_PORT"] = Port(LoopbackPorts.Free()),
            ["SILO_PORT_OFFSET"] = Port(SiloPortOffset()),
        };
        return (directory, environment);
    }

    /// <summary>
    /// A shift for the two silos' ports (11111+N, 30000+N-1, 8080+N) that keeps all six below Linux's ephemeral range
    /// (32768 and up), where an outgoing connection could hold one, and finds them free now.
    /// </summary>
    private static int SiloPortOffset()
    {
        while (true)
        {
            var offset = Random.Shared.Next(1000, 2700);
            if (new[] { 11111, 11112, 30000, 30001, 8081, 8082 }.All(p => LoopbackPorts.IsFree(p + offset)))
            {
                return offset;
            }
        }
    }

    /// <summary>
    /// The README's block, with the build the test run already did, then the walkthrough against the cluster. Verbatim
    /// means port 5080; only if something else holds it do the scripts get another one.
    /// </summary>
    private async Task<(int Exit, string Log)> RunAsync(string block, string directory, Dictionary<string, string> environment, params (string From, string To)[] replacements)
    {
        var section = Section(block);
        Assert.Contains(WalkthroughLine, section, StringComparison.Ordinal);
        var port = ReadmePort;
        if (!LoopbackPorts.IsFree(ReadmePort))
        {
            port = LoopbackPorts.Free();
            environment["GATEWAY_PORT"] = Port(port);
        }

        var script = section.Replace("./scripts/cluster-up.sh", "./scripts/cluster-up.sh --no-build", StringComparison.Ordinal)
            .Replace(WalkthroughLine, Section("walkthrough"), StringComparison.Ordinal)
            .Replace($"localhost:{ReadmePort}", $"localhost:{port}", StringComparison.Ordinal);
        foreach (var (from, to) in replacements)
        {
            script = script.Replace(from, to, StringComparison.Ordinal);
        }

        var (exit, log) = await ShellCommand.RunAsync("bash", ["-euo", "pipefail", "-c", $"cd '{directory}' && R='{Repository.Root}' && {script.Replace("./scripts/", "\"$R\"/scripts/", StringComparison.Ordinal)}"], environment, TimeSpan.FromMinutes(4));
        output.WriteLine(log);
        return (exit, log);
    }

    private static string Section(string name)
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var match = Regex.Match(readme, $"<!-- {name}:start -->\\s*```bash\\n(?<script>.*?)```\\s*<!-- {name}:end -->", RegexOptions.Singleline);
        Assert.True(match.Success, $"README.md has no {name} block between its markers.");
        return match.Groups["script"].Value;
    }

    private static string Logs(string clusterDirectory) =>
        string.Concat(Directory.GetFiles(Path.Combine(clusterDirectory, "logs")).Select(f => $"\n--- {f} ---\n{File.ReadAllText(f)[^Math.Min(4000, File.ReadAllText(f).Length)..]}"));

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Activity\.TraceId:\s+(?<trace>[0-9a-f]{32})\s+Activity\.SpanId:\s+\S+\s+Activity\.TraceFlags:\s+\S+\s+Activity\.DisplayName:\s+POST /token")]
    private static partial Regex TokenRequestTraces();

    [GeneratedRegex(@"Activity\.TraceId:\s+(?<trace>[0-9a-f]{32})")]
    private static partial Regex TraceIds();

    [GeneratedRegex("\"access_token\": \"ey")]
    private static partial Regex AccessTokens();
}
