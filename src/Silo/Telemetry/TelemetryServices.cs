using DeferredOrleans.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace DeferredOrleans.Silo.Telemetry;

/// <summary>
/// Metrics (ours and Orleans') and traces (ASP.NET Core requests continued into grain calls through Orleans'
/// activity propagation) for every host; exporters as configured.
/// </summary>
public static class TelemetryServices
{
    private const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddDeferredOrleansTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Console && options.OtlpEndpoint is null)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceNamespace: SiloConfiguration.ServiceId, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DeferralMetrics.MeterName, OrleansMeter).AddAspNetCoreInstrumentation();
                if (options.Console)
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricExportInterval.TotalMilliseconds);
                }

                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = endpoint;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricExportInterval.TotalMilliseconds;
                    });
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ActivitySources.AllActivitySourceName).AddAspNetCoreInstrumentation();
                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }

                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = endpoint);
                }
            });
        return services;
    }
}
