using DeferredOrleans.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// A standalone silo. The embedded default co-hosts the same silo inside the gateway instead.
var builder = Host.CreateApplicationBuilder(args);
var hosting = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(hosting.SiloPort, hosting.GatewayPort, serviceId: SiloConfiguration.ServiceId, clusterId: hosting.ClusterId)
    .AddDeferredOrleans(builder.Configuration));
await builder.Build().RunAsync();
