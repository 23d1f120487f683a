namespace DeferredOrleans.Gateway.Security;

/// <summary>A token bucket: <see cref="Burst"/> requests at once, refilled at <see cref="PerSecond"/> a second.</summary>
public sealed class TokenBucketOptions
{
    public int Burst { get; set; }

    public int PerSecond { get; set; }
}
