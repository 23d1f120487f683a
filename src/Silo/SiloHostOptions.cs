namespace DeferredOrleans.Silo;

/// <summary>How a silo joins its cluster (section <c>DeferredOrleans:Silo</c>).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "DeferredOrleans:Silo";

    public string ClusterId { get; set; } = "deferred-orleans";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}
