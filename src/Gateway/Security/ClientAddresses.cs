using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.Gateway.Security;

/// <summary>Who a request comes from, for per-address limits.</summary>
public static class ClientAddresses
{
    /// <summary>
    /// The partition of a remote address: an IPv4 address as it is, an IPv6 client by its /64 (one subscriber's
    /// prefix: an attacker there has 2^64 addresses), and every request without an address in one partition.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var prefix = address.GetAddressBytes();
        Array.Clear(prefix, 8, 8);
        return $"{new IPAddress(prefix)}/64";
    }
}
