using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.TestSupport;

/// <summary>Ports on 127.0.0.1 for the servers and listeners a test starts.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the operating system has just handed out and taken back, so nothing listens on it now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
