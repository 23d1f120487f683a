using System.Net;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Grains.Notifications;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// The SSRF guard of callbacks and connectors: which addresses count as public (IANA special-purpose registries,
/// RFC 6890), with IPv6 forms that embed an IPv4 address judged by that address; and no proxy in between.
/// </summary>
public sealed class CallbackTargetsTests
{
    [Theory]
    // IPv4: public
    [InlineData("8.8.8.8", true)]
    [InlineData("1.1.1.1", true)]
    [InlineData("100.63.255.255", true)]
    [InlineData("100.128.0.0", true)]
    [InlineData("172.15.255.255", true)]
    [InlineData("172.32.0.0", true)]
    [InlineData("192.0.1.1", true)]
    [InlineData("198.17.255.255", true)]
    [InlineData("198.20.0.0", true)]
    [InlineData("223.255.255.255", true)]
    // IPv4: not public
    [InlineData("0.0.0.0", false)]
    [InlineData("0.1.2.3", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.127.255.254", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.255.254", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.0.0.8", false)]
    [InlineData("192.0.2.10", false)]
    [InlineData("192.88.99.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("198.19.255.254", false)]
    [InlineData("198.51.100.7", false)]
    [InlineData("203.0.113.9", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("240.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    // IPv6: public global unicast
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("2a00:1450:4001:80b::200e", true)]
    [InlineData("2001:200::1", true)]
    // IPv6: not public
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("::8.8.8.8", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fec0::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("100::1", false)]
    [InlineData("2001::1", false)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", false)]
    [InlineData("2001:2::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("3fff::1", false)]
    [InlineData("64:ff9b:1::a00:1", false)]
    // Embedded IPv4: as public as the address it reaches
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.1.2.3", false)]
    [InlineData("64:ff9b::8.8.8.8", true)]
    [InlineData("64:ff9b::7f00:1", false)]
    [InlineData("64:ff9b::10.0.0.1", false)]
    [InlineData("64:ff9b::169.254.169.254", false)]
    [InlineData("64:ff9b::192.168.0.1", false)]
    [InlineData("64:ff9b::198.18.0.1", false)]
    [InlineData("2002:808:808::1", true)]
    [InlineData("2002:7f00:1::1", false)]
    [InlineData("2002:a00:1::", false)]
    [InlineData("2002:a9fe:a9fe::1", false)]
    [InlineData("2002:c0a8:101::1", false)]
    [InlineData("2002:c612:1::1", false)]
    public void IsPublic_Table(string address, bool expected) =>
        Assert.Equal(expected, CallbackTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://hooks.example.com/cb", null)]
    [InlineData("https://8.8.8.8/cb", null)]
    [InlineData("http://hooks.example.com/cb", "must use https")]
    [InlineData("https://localhost/cb", "must not be a private, loopback or link-local address")]
    [InlineData("https://198.18.0.1/cb", "must not be a private, loopback or link-local address")]
    [InlineData("https://[64:ff9b::a00:1]/cb", "must not be a private, loopback or link-local address")]
    [InlineData("https://[2002:c0a8:101::1]/cb", "must not be a private, loopback or link-local address")]
    [InlineData("https://user@hooks.example.com/cb", "must be an absolute URI without fragment or user info")]
    public void Problem_Table(string endpoint, string? problem) =>
        Assert.Equal(problem, CallbackTargets.Problem(endpoint, allowPrivate: false));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SafeHttp_Handler_UsesNoProxyFollowsNoRedirectKeepsNoCookies(bool allowPrivateTargets)
    {
        using var handler = SafeHttp.CreateHandler(allowPrivateTargets, TimeSpan.FromSeconds(5));

        Assert.False(handler.UseProxy);
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.NotNull(handler.ConnectCallback);
    }
}
