using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DeferredOrleans.Silo.Clustering;

namespace DeferredOrleans.Silo.Hosting;

/// <summary>
/// Tries the ports a process is about to listen on before anything starts, so that a port another process holds
/// stops it with one line that says which and how to move it, not with the stack traces of a failed start.
/// </summary>
public static class PortCheck
{
    /// <summary>Why nothing can listen on <paramref name="address"/>:<paramref name="port"/> now, or null when something can.</summary>
    public static string? Refusal(IPAddress address, int port)
    {
        if (port == 0)
        {
            return null;
        }

        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return "it is in use by another process";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            return "this user may not listen on it";
        }
        catch (SocketException)
        {
            // Anything else (an address this machine does not have, no IPv6) is the listener's to report.
            return null;
        }
    }

    /// <summary>The configured silo ports' problem, as one line, or null. Kubernetes and host names are left to Orleans.</summary>
    public static string? SiloProblem(SiloHostOptions hosting)
    {
        if (hosting.Kubernetes || ListeningAddress(hosting) is not { } address)
        {
            return null;
        }

        foreach (var (port, key) in new[] { (hosting.SiloPort, "SiloPort"), (hosting.GatewayPort, "GatewayPort") })
        {
            if (Refusal(address, port) is { } why)
            {
                var number = port.ToString(CultureInfo.InvariantCulture);
                return $"DeferredOrleans cannot open silo port {number} (DeferredOrleans:Silo:{key}): {why}. " +
                    $"Stop that process, or set DeferredOrleans__Silo__{key} to a free port.";
            }
        }

        return null;
    }

    private static IPAddress? ListeningAddress(SiloHostOptions hosting)
    {
        // Localhost clustering always listens on loopback; otherwise as SiloClustering configures the endpoints.
        if (hosting.Clustering == ClusteringMode.Localhost)
        {
            return IPAddress.Loopback;
        }

        if (hosting.ListenOnAnyAddress)
        {
            return IPAddress.Any;
        }

        return string.IsNullOrEmpty(hosting.AdvertisedAddress) ? IPAddress.Loopback
            : IPAddress.TryParse(hosting.AdvertisedAddress, out var ip) ? ip : null;
    }
}
