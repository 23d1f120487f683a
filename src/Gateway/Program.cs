using DeferredOrleans.Gateway.Approvals;
using DeferredOrleans.Gateway.Authorization;
using DeferredOrleans.Gateway.Ciba;
using DeferredOrleans.Gateway.Cli;
using DeferredOrleans.Gateway.Discovery;
using DeferredOrleans.Gateway.Errors;
using DeferredOrleans.Gateway.Hosting;
using DeferredOrleans.Gateway.Interaction;
using DeferredOrleans.Gateway.Introspection;
using DeferredOrleans.Gateway.Revocation;
using DeferredOrleans.Gateway.Token;
using DeferredOrleans.Silo;

if (HashSecretCommand.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddDeferredOrleansFiles(builder.Environment.ContentRootPath);

// The embedded profile: the silo runs inside this process, clustered with itself on localhost.
var silo = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
builder.UseOrleans(orleans => orleans
    .UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: SiloConfiguration.ServiceId, clusterId: silo.ClusterId)
    .AddDeferredOrleans(builder.Configuration));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 256 * 1024);
builder.Services.AddDeferredOrleansGateway(builder.Configuration);

var app = builder.Build();
app.Services.ValidateDeferredOrleansConfiguration();
app.UseMiddleware<UnhandledErrorMiddleware>();
app.MapDiscoveryEndpoints();
app.MapAuthorizeEndpoints();
app.MapTokenEndpoint();
app.MapBackchannelAuthenticationEndpoint();
app.MapRevocationEndpoint();
app.MapIntrospectionEndpoint();
app.MapApprovalEndpoints();
app.MapInteractionEndpoints();
await app.RunAsync();

/// <summary>The gateway's entry point; public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
