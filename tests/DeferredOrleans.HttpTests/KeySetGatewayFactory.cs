using DeferredOrleans.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway of testserver.json with jwks-agent's <c>JwksUri</c> pointing at a real loopback server that publishes
/// its key set (<see cref="KeyServer"/>), whose answer the tests change to rotate the key or take it away.
/// </summary>
public sealed class KeySetGatewayFactory : GatewayFactory, IAsyncLifetime
{
    public ExternalSystem KeyServer { get; private set; } = null!;

    public async Task InitializeAsync() => KeyServer = await ExternalSystem.StartAsync();

    async Task IAsyncLifetime.DisposeAsync() => await KeyServer.DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"DeferredOrleans:Clients:{ClientIndex("jwks-agent")}:JwksUri", KeyServer.BaseUrl + "/jwks");
    }
}
