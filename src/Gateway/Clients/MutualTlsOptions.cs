namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// Mutual TLS client authentication and certificate-bound access tokens (RFC 8705), section
/// <c>DeferredOrleans:MutualTls</c>. The certificate comes from the TLS connection when Kestrel terminates TLS, or from
/// <see cref="ForwardedCertificateHeader"/> when a reverse proxy in <see cref="TrustedProxies"/> does.
/// </summary>
public sealed class MutualTlsOptions
{
    public const string Section = "DeferredOrleans:MutualTls";

    /// <summary>Ask TLS clients for a certificate (any is accepted at the TLS layer; each client's is checked here) and advertise RFC 8705.</summary>
    public bool Enabled { get; set; }

    /// <summary>PEM files of the certificate authorities whose certificates authenticate <c>tls_client_auth</c> clients.</summary>
    public List<string> TrustedCaFiles { get; set; } = [];

    /// <summary>The same authorities as PEM text, for configuration that cannot ship files.</summary>
    public List<string> TrustedCaCertificates { get; set; } = [];

    /// <summary>
    /// Bind the access tokens of every client that presents a certificate, whatever its authentication method (RFC 8705
    /// §3, §4: a public or secret client may still prove possession of a certificate); off, only mTLS clients' tokens are.
    /// </summary>
    public bool BindAllClientCertificates { get; set; }

    /// <summary>
    /// The header a TLS-terminating proxy puts the client certificate in, URL-encoded PEM as nginx's
    /// <c>$ssl_client_escaped_cert</c> (e.g. <c>X-Client-Cert</c>); null reads only the connection's certificate.
    /// </summary>
    public string? ForwardedCertificateHeader { get; set; }

    /// <summary>The addresses of the proxies whose <see cref="ForwardedCertificateHeader"/> is believed; from anywhere else it is ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// The base URL of a host name where TLS clients are asked for certificates, when it is not the issuer's: the endpoints
    /// there are advertised as <c>mtls_endpoint_aliases</c> (RFC 8705 §5).
    /// </summary>
    public string? EndpointAliasBaseUrl { get; set; }
}
