using System.Globalization;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.Bench;

/// <summary>
/// The server under measurement: the address the generators drive and the processes whose CPU and GC heap count as
/// the server's. Embedded, that is the gateway process alone (it hosts its silo); against the local cluster of
/// <c>scripts/cluster-up.sh</c> it is the gateway (an Orleans client), the two silos and the storage (Azurite or
/// PostgreSQL), whose pids that script records in <c>$CLUSTER_DIR/pids</c>; the storage counts for CPU, not for the
/// GC heap.
/// </summary>
internal sealed record Target(Uri Address, int ProcessId, IReadOnlyList<(string Name, int Pid)> Processes)
{
    /// <summary>The issuer is the base address without its trailing slash (as <see cref="GatewayProcess.Issuer"/>).</summary>
    public string Issuer => Address.ToString().TrimEnd('/');

    /// <summary>The processes that run .NET (whose GC heap <see cref="HeapsAsync"/> reads): all but the cluster's storage.</summary>
    public IReadOnlyList<(string Name, int Pid)> DotNet => [.. Processes.Where(p => p.Name is not ("azurite" or "postgres"))];

    /// <summary>True when the grains live in other processes than the gateway (the cluster).</summary>
    public bool Clustered => DotNet.Count > 1;

    public static Target Of(GatewayProcess server) => new(server.Address, server.ProcessId, [("gateway", server.ProcessId)]);

    /// <summary>
    /// The cluster that <c>scripts/cluster-up.sh</c> started: its gateway at <paramref name="address"/>, the pids of the
    /// gateway, both silos and the storage from <paramref name="clusterDirectory"/>/pids (the script execs each
    /// program in place of its subshell, so each recorded pid is the process itself; PostgreSQL's is its postmaster,
    /// whose backends are not counted).
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
        var storage = File.Exists(Path.Combine(clusterDirectory, "pids", "postgres.pid")) ? "postgres" : "azurite";
        return new Target(address, gateway, [("gateway", gateway), ("silo1", Pid("silo1")), ("silo2", Pid("silo2")), (storage, Pid(storage))]);
    }

    /// <summary>The CPU seconds used so far by each of the server's processes.</summary>
    public double[] CpuSeconds() => [.. Processes.Select(p => ProcessCpu.Seconds(p.Pid))];

    /// <summary>Each process's share of the machine between two <see cref="CpuSeconds"/> readings, e.g. "gateway 12 %, silo1 30 %".</summary>
    public string CpuSplit(double[] before, double[] after, double machineSeconds) => string.Join(", ",
        Processes.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {(after[i] - before[i]) / machineSeconds:P0}")));

    /// <summary>The GC heap after a full collection of each .NET process (where the grains live), in bytes.</summary>
    public async Task<HeapProbe.Sample[]> HeapsAsync()
    {
        var heaps = new HeapProbe.Sample[DotNet.Count];
        for (var i = 0; i < heaps.Length; i++)
        {
            heaps[i] = await HeapProbe.HeapAfterFullCollectionAsync(DotNet[i].Pid);
        }

        return heaps;
    }
}
