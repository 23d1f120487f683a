using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DeferredOrleans.Silo;
using DeferredOrleans.Silo.Clustering;
using DeferredOrleans.Silo.Hosting;
using Microsoft.Extensions.Configuration.Memory;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// The co-hosted silo's ports in the embedded profile. Nothing outside the process connects to them (localhost
/// clustering, one silo), so a port left unconfigured whose default another process holds (a second instance on
/// the same machine) is replaced by a free one. A configured port is kept as it is: if it is taken, the start
/// stops with one line (<see cref="PortCheck.SiloProblem"/>). In a cluster the ports are how peers reach the silo
/// and are never chosen here.
/// </summary>
public static class EmbeddedSiloPorts
{
    private static readonly string[] Keys = [nameof(SiloHostOptions.SiloPort), nameof(SiloHostOptions.GatewayPort)];

    public static void AddEmbeddedSiloPorts(this ConfigurationManager configuration)
    {
        var gateway = configuration.GetSection(GatewayHostOptions.Section).Get<GatewayHostOptions>() ?? new GatewayHostOptions();
        var silo = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        if (gateway.Role != GatewayRole.Silo || silo.Clustering != ClusteringMode.Localhost)
        {
            return;
        }

        var defaults = new SiloHostOptions();
        var preferred = new Dictionary<string, int>
        {
            [nameof(SiloHostOptions.SiloPort)] = defaults.SiloPort,
            [nameof(SiloHostOptions.GatewayPort)] = defaults.GatewayPort,
        };
        var unconfigured = Keys.Where(k => string.IsNullOrEmpty(configuration[$"{SiloHostOptions.Section}:{k}"]))
            .ToDictionary(k => k, k => preferred[k]);
        var chosen = Choose(unconfigured, port => PortCheck.Refusal(IPAddress.Loopback, port) is null);
        if (chosen.Count > 0)
        {
            configuration.Sources.Insert(0, new MemoryConfigurationSource
            {
                InitialData = chosen.ToDictionary(
                    p => $"{SiloHostOptions.Section}:{p.Key}", p => (string?)p.Value.ToString(CultureInfo.InvariantCulture)),
            });
        }
    }

    /// <summary>
    /// For each key, its preferred port when <paramref name="isFree"/> says so, else a port the operating system hands
    /// out on loopback; the ports handed out are held until all are chosen, so no two keys get the same one.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Choose(IReadOnlyDictionary<string, int> preferred, Func<int, bool> isFree)
    {
        var chosen = new Dictionary<string, int>();
        var held = new List<Socket>();
        try
        {
            foreach (var (key, port) in preferred)
            {
                if (isFree(port) && !chosen.ContainsValue(port))
                {
                    chosen[key] = port;
                    continue;
                }

                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                chosen[key] = ((IPEndPoint)socket.LocalEndPoint!).Port;
            }
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }

        return chosen;
    }
}
