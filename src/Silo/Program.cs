using DeferredOrleans.Silo.Clustering;
using DeferredOrleans.Silo.Dashboard;
using DeferredOrleans.Silo.Health;
using DeferredOrleans.Silo.Telemetry;
using Microsoft.Extensions.Configuration.Memory;
using Orleans.Dashboard;

namespace DeferredOrleans.Silo;

/// <summary>
/// A standalone silo (the cluster profile). Its small HTTP listener (<c>DeferredOrleans:Silo:AdminUrls</c>) serves
/// only the health probes and, when enabled, the Orleans Dashboard. The embedded default co-hosts the same silo in
/// the gateway. Not top-level statements: the gateway's global <c>Program</c> must stay the only one.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
    };

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // Lowest precedence, so appsettings, environment and command line still win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        var hosting = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        builder.WebHost.UseUrls(hosting.AdminUrls);
        builder.UseOrleans(silo => silo
            .UseDeferredOrleansClustering(builder.Configuration)
            .AddDeferredOrleans(builder.Configuration));
        builder.Services.AddDeferredOrleansHealthChecks();
        builder.Services.AddDeferredOrleansTelemetry(builder.Configuration, "deferred-orleans-silo");

        var app = builder.Build();
        app.MapDeferredOrleansHealth();
        if (app.Configuration.GetSection(AdminDashboardOptions.Section).Get<AdminDashboardOptions>() is { Enabled: true, Path: var path })
        {
            app.MapOrleansDashboard(path);
        }

        await app.RunAsync();
    }
}
