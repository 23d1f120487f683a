namespace DeferredOrleans.Silo.Telemetry;

/// <summary>OpenTelemetry exporters (section <c>DeferredOrleans:Telemetry</c>); none is on by default.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "DeferredOrleans:Telemetry";

    /// <summary>Write metrics and traces to standard output.</summary>
    public bool Console { get; set; }

    /// <summary>An OTLP collector (e.g. <c>http://localhost:4317</c>); the standard <c>OTEL_EXPORTER_OTLP_*</c> variables also apply.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>How often metrics are exported.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(10);
}
