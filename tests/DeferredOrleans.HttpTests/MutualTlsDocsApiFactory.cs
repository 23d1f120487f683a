extern alias docsapi;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The sample resource server (samples/DocsApi) on a real HTTPS listener on loopback that asks for client certificates,
/// trusting the gateway of <see cref="MutualTlsGatewayFactory"/>.
/// </summary>
public sealed class MutualTlsDocsApiFactory(Uri authority, string serverPfx, string pfxPassword) : WebApplicationFactory<docsapi::Program>
{
    private readonly int _port = LoopbackPorts.Free();

    public Uri Resource => new($"https://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}");

    public void Start()
    {
        UseKestrel();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Kestrel:Endpoints:Https:Url", Resource.ToString());
        builder.UseSetting("Kestrel:Endpoints:Https:Certificate:Path", serverPfx);
        builder.UseSetting("Kestrel:Endpoints:Https:Certificate:Password", pfxPassword);
        builder.UseSetting("DocsApi:Resource", Resource.ToString().TrimEnd('/'));
        builder.UseSetting("DocsApi:Authority", authority.ToString().TrimEnd('/'));
        builder.UseSetting("DocsApi:MutualTls", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
