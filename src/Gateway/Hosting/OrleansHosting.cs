using DeferredOrleans.Core.Telemetry;
using DeferredOrleans.Silo;
using DeferredOrleans.Silo.Clustering;
using DeferredOrleans.Silo.Dashboard;
using DeferredOrleans.Silo.Health;
using DeferredOrleans.Silo.Storage;
using DeferredOrleans.Silo.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// The gateway's side of Orleans: co-host a silo (the embedded default, or a gateway silo of a cluster) or be an
/// Orleans client of separate silos; plus health probes, telemetry and the optional dashboard.
/// </summary>
public static class OrleansHosting
{
    public static WebApplicationBuilder AddDeferredOrleansRuntime(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var gateway = configuration.GetSection(GatewayHostOptions.Section).Get<GatewayHostOptions>() ?? new GatewayHostOptions();
        var dashboard = configuration.GetSection(AdminDashboardOptions.Section).Get<AdminDashboardOptions>() ?? new AdminDashboardOptions();
        if (gateway.Role == GatewayRole.Client)
        {
            builder.Services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
            builder.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectionRetry>();
            builder.UseOrleansClient(client =>
            {
                client.UseDeferredOrleansClustering(configuration)
                    .AddActivityPropagation()
                    .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = gateway.ResponseTimeout);
                if (dashboard.Enabled)
                {
                    client.AddDashboard();
                }
            });
        }
        else
        {
            builder.UseOrleans(silo => silo
                .UseDeferredOrleansClustering(configuration)
                .AddDeferredOrleans(configuration));
        }

        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<DeferralMetrics>();
        builder.Services.AddDeferredOrleansHealthChecks();
        builder.Services.AddDeferredOrleansTelemetry(configuration, "deferred-orleans-gateway");
        return builder;
    }

    /// <summary>Counts the tokens the token endpoint hands out.</summary>
    public static WebApplication UseIssuanceMetrics(this WebApplication app)
    {
        app.UseMiddleware<IssuanceMetricsMiddleware>();
        return app;
    }

    /// <summary>The health probes, and the dashboard when enabled.</summary>
    public static WebApplication MapOperationsEndpoints(this WebApplication app)
    {
        app.MapDeferredOrleansHealth();
        if (app.Configuration.GetSection(AdminDashboardOptions.Section).Get<AdminDashboardOptions>() is { Enabled: true, Path: var path })
        {
            app.MapOrleansDashboard(path);
        }

        return app;
    }
}
