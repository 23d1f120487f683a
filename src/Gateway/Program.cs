using DeferredOrleans.Core;
using DeferredOrleans.Gateway.Admin;
using DeferredOrleans.Gateway.Approvals;
using DeferredOrleans.Gateway.Authorization;
using DeferredOrleans.Gateway.Ciba;
using DeferredOrleans.Gateway.Cli;
using DeferredOrleans.Gateway.Connectors;
using DeferredOrleans.Gateway.Delegations;
using DeferredOrleans.Gateway.Discovery;
using DeferredOrleans.Gateway.Errors;
using DeferredOrleans.Gateway.Hosting;
using DeferredOrleans.Gateway.Inbox;
using DeferredOrleans.Gateway.Interaction;
using DeferredOrleans.Gateway.Introspection;
using DeferredOrleans.Gateway.OpenIdDeferred;
using DeferredOrleans.Gateway.Profile;
using DeferredOrleans.Gateway.Registration;
using DeferredOrleans.Gateway.Revocation;
using DeferredOrleans.Gateway.Token;

if (HashSecretCommand.TryRun(args) || await AuditVerifyCommand.TryRunAsync(args) || await RotateSigningKeyCommand.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddDeferredOrleansFiles(builder.Environment.ContentRootPath);

// ASP.NET Core's own settings (ASPNETCORE_URLS, --urls, Kestrel endpoints) say where to listen, http://localhost:5080
// when none does; the issuer and the embedded silo's ports follow unless configured.
builder.Configuration.AddListeningDefaults();
builder.Configuration.AddEmbeddedSiloPorts();

// Embedded by default (a co-hosted silo on localhost); in a cluster a gateway silo or an Orleans client.
builder.AddDeferredOrleansRuntime();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 256 * 1024);
builder.WebHost.AskForClientCertificates();
builder.Services.AddDeferredOrleansGateway(builder.Configuration);

var app = builder.Build();

// What stops the start is said in one line on stderr, never with a stack trace.
if (StartupChecks.Problem(app) is { } problem)
{
    StartupChecks.Refuse(problem);
    return;
}

try
{
    app.Services.ValidateDeferredOrleansConfiguration();
}
catch (ConfigurationProblemException e)
{
    StartupChecks.Refuse(e.Message);
    return;
}

app.UseMiddleware<UnhandledErrorMiddleware>();
app.UseRateLimiter();
app.UseAuthorization();
app.UseIssuanceMetrics();
app.MapOperationsEndpoints();
app.MapDiscoveryEndpoints();

// Every endpoint that takes credentials or signed messages is limited per client address (BruteForce:PerIp).
var limited = app.MapRateLimited();
limited.MapAuthorizeEndpoints();
limited.MapTokenEndpoint();
limited.MapBackchannelAuthenticationEndpoint();
limited.MapRevocationEndpoint();
limited.MapDeferredCancellationEndpoint();
limited.MapIntrospectionEndpoint();
limited.MapDelegationEndpoints();
limited.MapProfileEndpoints();
limited.MapApprovalEndpoints();
limited.MapConnectorEndpoints();
limited.MapAdminEndpoints();
limited.MapAuditEndpoints();
limited.MapKeyEndpoints();
limited.MapClientAdminEndpoints();
limited.MapRegistrationEndpoints();
limited.MapInteractionEndpoints();

// The web inbox: its pages (sign-in included) and event stream are limited per address too.
app.MapApproverInbox().RequireRateLimiting(RequestRateLimits.PerClientAddress);
try
{
    await app.RunAsync();
}
catch (Exception e) when (StartupChecks.Explain(e) is { } line)
{
    StartupChecks.Refuse(line);
    return;
}

/// <summary>The gateway's entry point; public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
