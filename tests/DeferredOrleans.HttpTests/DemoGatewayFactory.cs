using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>The gateway with the README's demo configuration.</summary>
public sealed class DemoGatewayFactory : GatewayFactory
{
    protected override void UseServerConfiguration(IWebHostBuilder builder) => builder.UseSetting("DeferredOrleans:Demo", "true");
}
