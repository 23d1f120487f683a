using DeferredOrleans.Gateway.Jose;

namespace DeferredOrleans.Gateway.Risk;

/// <summary>
/// Where risk signals may come from (section <c>DeferredOrleans:Risk</c>): the risk engines whose signed assertions a
/// client may forward in <c>risk_signals</c>. Without an engine, no request carries risk signals.
/// </summary>
public sealed class RiskOptions
{
    public const string Section = "DeferredOrleans:Risk";

    /// <summary>The trusted risk engines: the <c>iss</c> of their assertions and their public keys, as for trusted issuers.</summary>
    public List<TrustedIssuerOptions> Engines { get; set; } = [];

    /// <summary>The longest an assertion may live (<c>exp</c> − <c>iat</c>); assertions are about one request, now.</summary>
    public TimeSpan MaxAssertionLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
