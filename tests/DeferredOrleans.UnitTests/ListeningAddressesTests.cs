using System.Net;
using System.Net.Sockets;
using DeferredOrleans.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace DeferredOrleans.UnitTests;

public sealed class ListeningAddressesTests
{
    [Theory]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    [InlineData("http://127.0.0.1:5081/", "http://127.0.0.1:5081")]
    [InlineData("http://*:8080", "http://localhost:8080")]
    [InlineData("http://+:80", "http://localhost")]
    [InlineData("http://0.0.0.0:5080", "http://localhost:5080")]
    [InlineData("https://auth.example.com:443", "https://auth.example.com")]
    [InlineData("https://[::1]:8443", "https://[::1]:8443")]
    [InlineData("http://unix:/run/deferred.sock", null)]
    [InlineData("not an address", null)]
    public void IssuerOf_Address_IsItsSchemeHostAndPort(string address, string? issuer) =>
        Assert.Equal(issuer, ListeningAddresses.IssuerOf(address));

    [Theory]
    [InlineData(new[] { "--urls=http://localhost:6000" }, "http://localhost:6000", "http://localhost:6000")]
    [InlineData(new[] { "--urls=http://127.0.0.1:6001;http://localhost:6002" }, "http://127.0.0.1:6001;http://localhost:6002", "http://127.0.0.1:6001")]
    [InlineData(new[] { "--urls=http://localhost:6000", "--DeferredOrleans:Server:Issuer=https://auth.example.com" }, "http://localhost:6000", "https://auth.example.com")]
    [InlineData(new[] { "--http_ports=8080" }, null, "http://localhost:8080")]
    [InlineData(new[] { "--Kestrel:Endpoints:Https:Url=https://0.0.0.0:7443", "--urls=http://localhost:6000" }, "http://localhost:6000", "https://localhost:7443")]
    [InlineData(new string[0], ListeningAddresses.Default, "http://localhost:5080")]
    public void AddListeningDefaults_AspNetCoreSettings_DecideAddressAndIssuer(string[] args, string? urls, string issuer)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });

        builder.Configuration.AddListeningDefaults();

        Assert.Equal(urls, builder.Configuration["urls"]);
        Assert.Equal(issuer, builder.Configuration[ListeningAddresses.IssuerKey]);
    }

    [Fact]
    public void AddListeningDefaults_UrlsFromAnyLaterSource_StillWin()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddListeningDefaults();

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://localhost:7000" });

        Assert.Equal("http://localhost:7000", builder.Configuration["urls"]);
    }

    [Fact]
    public void Choose_PreferredPortTaken_HandsOutAnotherFreeOne()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var preferred = new Dictionary<string, int> { ["SiloPort"] = taken, ["GatewayPort"] = 30000 };

        var chosen = EmbeddedSiloPorts.Choose(preferred, port => port != taken);

        Assert.Equal(30000, chosen["GatewayPort"]);
        Assert.NotEqual(taken, chosen["SiloPort"]);
        Assert.NotEqual(0, chosen["SiloPort"]);
        using var listener = new TcpListener(IPAddress.Loopback, chosen["SiloPort"]);
        listener.Start();
    }

    [Fact]
    public void Choose_BothPreferredTaken_HandsOutTwoDifferentPorts()
    {
        var chosen = EmbeddedSiloPorts.Choose(new Dictionary<string, int> { ["SiloPort"] = 11111, ["GatewayPort"] = 30000 }, _ => false);

        Assert.NotEqual(chosen["SiloPort"], chosen["GatewayPort"]);
        Assert.DoesNotContain(11111, chosen.Values);
        Assert.DoesNotContain(30000, chosen.Values);
    }

    [Fact]
    public void AddEmbeddedSiloPorts_ConfiguredPort_IsKeptEvenWhenTaken()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [$"--DeferredOrleans:Silo:SiloPort={taken}"] });

        builder.Configuration.AddEmbeddedSiloPorts();

        Assert.Equal(taken, builder.Configuration["DeferredOrleans:Silo:SiloPort"]);
    }

    [Fact]
    public void AddEmbeddedSiloPorts_Cluster_ChoosesNothing()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--DeferredOrleans:Silo:Clustering=AzureStorage"] });

        builder.Configuration.AddEmbeddedSiloPorts();

        Assert.Null(builder.Configuration["DeferredOrleans:Silo:SiloPort"]);
        Assert.Null(builder.Configuration["DeferredOrleans:Silo:GatewayPort"]);
    }
}
