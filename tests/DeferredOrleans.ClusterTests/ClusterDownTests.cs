using System.Diagnostics;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// scripts/cluster-down.sh against a recorded process that exits on SIGTERM but whose parent never reaps it, as
/// happens to cluster-up's orphans under a container init that does not: the zombie left behind counts as stopped at
/// once, not after the 10 s grace period.
/// </summary>
public sealed class ClusterDownTests
{
    [Fact]
    public async Task ClusterDown_RecordedProcessExitsOnTermButIsNotReaped_StopsWithoutWaiting()
    {
        var directory = Directory.CreateTempSubdirectory("deferred-orleans-down-").FullName;
        var pids = Directory.CreateDirectory(Path.Combine(directory, "pids")).FullName;
        var pidFile = Path.Combine(pids, "azurite.pid");

        // bash starts node, records its pid, then becomes "sleep", which never waits for its child: node's exit leaves a zombie.
        using var parent = Process.Start(new ProcessStartInfo("bash", ["-c", $"node -e 'setInterval(() => {{}}, 1000)' & echo $! > '{pidFile}'; exec sleep 120"]))!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0 || !File.ReadAllText($"/proc/{File.ReadAllText(pidFile).Trim()}/cmdline").Contains("node", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "node did not start");
                await Task.Delay(50);
            }

            var node = File.ReadAllText(pidFile).Trim();
            var clock = Stopwatch.StartNew();
            var (exit, output) = await ShellCommand.RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "cluster-down.sh")], new Dictionary<string, string> { ["CLUSTER_DIR"] = directory }, TimeSpan.FromSeconds(30));
            clock.Stop();

            Assert.Equal(0, exit);
            Assert.Contains($"stopped azurite ({node})", output, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cluster-down took {clock.Elapsed} for a process that exited at once:\n{output}");
            Assert.False(File.Exists(pidFile));
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
            await parent.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
