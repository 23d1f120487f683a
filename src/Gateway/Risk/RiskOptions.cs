namespace DeferredOrleans.Gateway.Risk;

/// <summary>
/// Where risk signals may come from (section <c>DeferredOrleans:Risk</c>): the risk engines whose signed assertions a
/// client may forward in <c>risk_signals</c>. Without an engine, no request carries risk signals.
/// </summary>
public sealed class RiskOptions
{
    public const string Section = "DeferredOrleans:Risk";

    /// <summary>The trusted risk engines.</summary>
    public List<RiskEngineOptions> Engines { get; set; } = [];

    /// <summary>The longest an assertion may live (<c>exp</c> − <c>iat</c>); assertions are about one request, now.</summary>
    public TimeSpan MaxAssertionLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>A risk engine: the <c>iss</c> of its assertions and the public keys they are signed with.</summary>
public sealed class RiskEngineOptions
{
    public string Issuer { get; set; } = "";

    /// <summary>Public signing keys as JWK members (EC P-256 for ES256, RSA for RS256 and PS256).</summary>
    public List<RiskEngineKey> Keys { get; set; } = [];
}

/// <summary>A public JWK, one member per property.</summary>
public sealed class RiskEngineKey
{
    public string? Kid { get; set; }

    public string Kty { get; set; } = "";

    public string? Crv { get; set; }

    public string? X { get; set; }

    public string? Y { get; set; }

    public string? N { get; set; }

    public string? E { get; set; }
}
