namespace DeferredOrleans.Gateway.Hosting;

/// <summary>How the gateway process joins Orleans (section <c>DeferredOrleans:Gateway</c>).</summary>
public sealed class GatewayHostOptions
{
    public const string Section = "DeferredOrleans:Gateway";

    public GatewayRole Role { get; set; } = GatewayRole.Silo;

    /// <summary>How long a grain call may take before the client gives up on it (Orleans' default is 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
