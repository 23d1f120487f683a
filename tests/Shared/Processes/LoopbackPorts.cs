using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// Ports on 127.0.0.1 for the servers and listeners a test starts. A port comes from 20000-29999: below the kernel's
/// ephemeral range (32768-60999 on Linux) and clear of the cluster script tests' shifted default ports. No port is
/// handed out twice in one test process. A port the kernel hands out for port 0 sits in the ephemeral range, so between
/// the check and the server's bind an outgoing connection of a parallel test could take it as its local port; that made
/// a silo fail with "Address already in use" once in CI.
/// </summary>
public static class LoopbackPorts
{
    private const int First = 20_000;
    private const int Last = 29_999;

    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();
    private static int _next = First + Random.Shared.Next(Last - First + 1);

    /// <summary>A port nothing listens on now and that no other caller in this process has been given.</summary>
    public static int Free()
    {
        lock (Gate)
        {
            for (var tried = 0; tried <= Last - First; tried++)
            {
                var port = _next;
                _next = port == Last ? First : port + 1;
                if (!HandedOut.Contains(port) && IsFree(port) && IsFree(port, IPAddress.Any))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }

    public static bool IsFree(int port) => IsFree(port, IPAddress.Loopback);

    private static bool IsFree(int port, IPAddress address)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
