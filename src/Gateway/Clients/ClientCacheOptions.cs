namespace DeferredOrleans.Gateway.Clients;

/// <summary>How long a gateway trusts a client registration it read (<c>DeferredOrleans:ClientCache</c>).</summary>
public sealed class ClientCacheOptions
{
    public const string Section = "DeferredOrleans:ClientCache";

    /// <summary>
    /// A registration read from its grain is used for this long, then read again: a client disabled, changed or
    /// deleted through another gateway is refused here at most this long after the change was stored.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(5);
}
