namespace DeferredOrleans.Gateway.Jose;

/// <summary>
/// An external issuer whose JWTs are accepted as RFC 8693 subject or actor tokens and as RFC 7523 assertions
/// (list <c>DeferredOrleans:TrustedIssuers</c>).
/// </summary>
public sealed class TrustedIssuerOptions
{
    public const string Section = "DeferredOrleans:TrustedIssuers";

    public string Issuer { get; set; } = "";

    /// <summary>The issuer's public signing keys as JWK members (EC P-256 or RSA).</summary>
    public List<TrustedKeyOptions> Keys { get; set; } = [];
}

/// <summary>A public JWK, one member per property.</summary>
public sealed class TrustedKeyOptions
{
    public string? Kid { get; set; }

    public string Kty { get; set; } = "";

    public string? Crv { get; set; }

    public string? X { get; set; }

    public string? Y { get; set; }

    public string? N { get; set; }

    public string? E { get; set; }

    /// <summary>RFC 7517 §4.7 <c>x5c</c>: the key's certificate first (base64 DER), as a <c>self_signed_tls_client_auth</c> client registers it (RFC 8705 §2.2).</summary>
    public List<string> X5c { get; set; } = [];
}
