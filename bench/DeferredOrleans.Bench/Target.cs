using System.Globalization;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.Bench;

/// <summary>
/// The server under measurement: the address the generators drive and the processes whose CPU and GC heap count as
/// the server's. Embedded, that is the gateway process alone (it hosts its silo); against the local cluster of
/// <c>scripts/cluster-up.sh</c> it is the gateway (an Orleans client) and the two silos, whose pids that script records
/// in <c>$CLUSTER_DIR/pids</c>.
/// </summary>
internal sealed record Target(Uri Address, int ProcessId, IReadOnlyList<(string Name, int Pid)> Processes)
{
    /// <summary>The issuer is the base address without its trailing slash (as <see cref="GatewayProcess.Issuer"/>).</summary>
    public string Issuer => Address.ToString().TrimEnd('/');

    /// <summary>True when the grains live in other processes than the gateway (the cluster).</summary>
    public bool Clustered => Processes.Count > 1;

    public static Target Of(GatewayProcess server) => new(server.Address, server.ProcessId, [("gateway", server.ProcessId)]);

    /// <summary>
    /// The cluster that <c>scripts/cluster-up.sh</c> started: its gateway at <paramref name="address"/>, the pids of the
    /// gateway and both silos from <paramref name="clusterDirectory"/>/pids (the script execs dotnet in place of
    /// its subshell, so each recorded pid is the .NET process itself).
    /// </summary>
    public static Target Cluster(Uri address, string clusterDirectory)
    {
        int Pid(string name)
        {
            var file = Path.Combine(clusterDirectory, "pids", $"{name}.pid");
            var pid = int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
            return Directory.Exists($"/proc/{pid}") ? pid : throw new InvalidOperationException($"{name} (pid {pid} in {file}) does not run: start the cluster with scripts/cluster-up.sh");
        }

        var gateway = Pid("gateway");
        return new Target(address, gateway, [("gateway", gateway), ("silo1", Pid("silo1")), ("silo2", Pid("silo2"))]);
    }

    /// <summary>The CPU seconds used so far by each of the server's processes.</summary>
    public double[] CpuSeconds() => [.. Processes.Select(p => ProcessCpu.Seconds(p.Pid))];

    /// <summary>Each process's share of the machine between two <see cref="CpuSeconds"/> readings, e.g. "gateway 12 %, silo1 30 %".</summary>
    public string CpuSplit(double[] before, double[] after, double machineSeconds) => string.Join(", ",
        Processes.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {(after[i] - before[i]) / machineSeconds:P0}")));

    /// <summary>The GC heap after a full collection of each process (where the grains live), in bytes.</summary>
    public async Task<long[]> HeapsAsync()
    {
        var heaps = new long[Processes.Count];
        for (var i = 0; i < heaps.Length; i++)
        {
            heaps[i] = await HeapProbe.HeapAfterFullCollectionAsync(Processes[i].Pid);
        }

        return heaps;
    }
}
