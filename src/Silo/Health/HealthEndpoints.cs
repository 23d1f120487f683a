using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeferredOrleans.Silo.Health;

/// <summary>
/// <c>/health/live</c> answers while the process serves HTTP (restart it otherwise); <c>/health/ready</c> also needs
/// storage and the cluster (take it out of rotation otherwise, but do not restart it).
/// </summary>
public static class HealthEndpoints
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddDeferredOrleansHealthChecks(this IServiceCollection services)
    {
        // One instance, so the storage client (and its connection pool) is reused across probes.
        services.TryAddSingleton<StorageHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointRouteBuilder MapDeferredOrleansHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
