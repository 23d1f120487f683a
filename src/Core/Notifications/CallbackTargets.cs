using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.Core.Notifications;

/// <summary>Which callback targets are acceptable: https to public addresses, unless development allows more.</summary>
public static class CallbackTargets
{
    /// <summary>Checks an endpoint at registration; returns the problem, or null when it is acceptable.</summary>
    public static string? Problem(string endpoint, bool allowPrivate)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment) || uri.UserInfo.Length > 0)
        {
            return "must be an absolute URI without fragment or user info";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivate && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "must use https";
        }

        if (!allowPrivate && (uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && !IsPublic(address))))
        {
            return "must not be a private, loopback or link-local address";
        }

        return null;
    }

    /// <summary>
    /// Whether an address is reachable on the public internet: not in a range of the IANA special-purpose address
    /// registries (RFC 6890) such as private, loopback, link-local, CGNAT, benchmarking or documentation ranges. IPv6
    /// must be global unicast (2000::/3); an address that embeds an IPv4 one (IPv4-mapped, NAT64 64:ff9b::/96 of
    /// RFC 6052, 6to4 2002::/16 of RFC 3056) is as public as the IPv4 address it reaches.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(b),
            AddressFamily.InterNetworkV6 => IsPublicV6(b),
            _ => false,
        };
    }

    private static bool IsPublicV4(ReadOnlySpan<byte> b) => !(
        b[0] is 0 or 10 or 127 or >= 224 ||                    // this network, private, loopback, multicast and reserved
        (b[0] == 100 && b[1] is >= 64 and <= 127) ||           // shared address space (CGNAT), RFC 6598
        (b[0] == 169 && b[1] == 254) ||                        // link-local
        (b[0] == 172 && b[1] is >= 16 and <= 31) ||            // private
        (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) ||        // IETF protocol assignments; TEST-NET-1
        (b[0] == 192 && b[1] == 88 && b[2] == 99) ||           // 6to4 relay anycast, RFC 7526
        (b[0] == 192 && b[1] == 168) ||                        // private
        (b[0] == 198 && b[1] is 18 or 19) ||                   // benchmarking 198.18.0.0/15, RFC 2544
        (b[0] == 198 && b[1] == 51 && b[2] == 100) ||          // TEST-NET-2
        (b[0] == 203 && b[1] == 0 && b[2] == 113));            // TEST-NET-3

    private static bool IsPublicV6(ReadOnlySpan<byte> b)
    {
        // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): the IPv4 address is the last 32 bits.
        if (b[..12].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]))
        {
            return IsPublicV4(b[12..]);
        }

        // 6to4 2002::/16 (RFC 3056): the IPv4 address follows the prefix.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b[2..6]);
        }

        return (b[0] & 0xe0) == 0x20 &&                          // global unicast 2000::/3 only
            !(b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) &&    // IETF protocol assignments 2001::/23 (Teredo, benchmarking, ORCHID)
            !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) && // documentation 2001:db8::/32
            !(b[0] == 0x3f && b[1] == 0xff && b[2] < 0x10);      // documentation 3fff::/20, RFC 9637
    }
}
