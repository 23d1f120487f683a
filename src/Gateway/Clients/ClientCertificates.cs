using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeferredOrleans.Core;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// The TLS client certificate of a request (RFC 8705): the connection's when Kestrel terminates TLS, or the one a
/// trusted reverse proxy forwards in <see cref="MutualTlsOptions.ForwardedCertificateHeader"/> (a header from any other
/// address is ignored). Checks it for a client's registration, and gives the <c>x5t#S256</c> tokens are bound to.
/// </summary>
public sealed partial class ClientCertificates
{
    /// <summary>RFC 5280 §4.2.1.12 id-kp-clientAuth: a CA-issued certificate that restricts its use must allow this one.</summary>
    public const string ClientAuthenticationUsage = "1.3.6.1.5.5.7.3.2";

    private const int MaxForwardedLength = 16 * 1024;
    private static readonly object ItemKey = new();

    private readonly MutualTlsOptions _options;
    private readonly X509Certificate2Collection _authorities;
    private readonly HashSet<IPAddress> _proxies;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientCertificates> _logger;

    public ClientCertificates(IOptions<MutualTlsOptions> options, TimeProvider time, ILogger<ClientCertificates> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var problems = new List<string>();
        _authorities = Authorities(_options, problems);
        _proxies = [];
        foreach (var proxy in _options.TrustedProxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                _proxies.Add(Normal(address));
            }
            else
            {
                problems.Add($"TrustedProxies: '{proxy}' is not an IP address");
            }
        }

        if (_options.Enabled && _options.TrustedProxies.Count > 0 && string.IsNullOrWhiteSpace(_options.ForwardedCertificateHeader))
        {
            problems.Add("TrustedProxies needs ForwardedCertificateHeader, the header the proxies put the certificate in");
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException("mutual TLS", problems);
        }
    }

    /// <summary>What keeps the registered certificate clients from ever authenticating: mutual TLS off, or no authority to check against.</summary>
    public IEnumerable<string> Problems(IEnumerable<ClientRegistration> clients)
    {
        foreach (var client in clients.Where(c => c.UsesMutualTls))
        {
            if (!_options.Enabled)
            {
                yield return $"client '{client.ClientId}' uses {client.TokenEndpointAuthMethod} but MutualTls:Enabled is false";
            }
            else if (client.TokenEndpointAuthMethod == ClientAuthenticator.TlsClientAuth && _authorities.Count == 0)
            {
                yield return $"client '{client.ClientId}' uses tls_client_auth but no authority is configured (MutualTls:TrustedCaFiles or TrustedCaCertificates)";
            }
        }
    }

    /// <summary>RFC 8705 §3.1 <c>x5t#S256</c>: the base64url SHA-256 of the certificate's DER encoding.</summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Base64Url.EncodeToString(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The request's client certificate, or null when it has none (or mutual TLS is off).</summary>
    public async Task<X509Certificate2?> ReadAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!_options.Enabled)
        {
            return null;
        }

        if (http.Items.TryGetValue(ItemKey, out var read))
        {
            return read as X509Certificate2;
        }

        var certificate = Forwarded(http) ?? await http.Connection.GetClientCertificateAsync(http.RequestAborted);
        http.Items[ItemKey] = certificate;
        return certificate;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> authenticates <paramref name="client"/>: for <c>tls_client_auth</c> a chain to
    /// a configured authority and the registered name (RFC 8705 §2.1); for <c>self_signed_tls_client_auth</c> one of the
    /// client's registered certificates (RFC 8705 §2.2).
    /// </summary>
    public bool Authenticates(ClientRegistration client, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.TokenEndpointAuthMethod switch
        {
            ClientAuthenticator.TlsClientAuth => ChainsToAuthority(certificate) && HasRegisteredName(client, certificate),
            ClientAuthenticator.SelfSignedTlsClientAuth => IsRegistered(client, certificate),
            _ => false,
        };
    }

    /// <summary>
    /// The <c>x5t#S256</c> this request's tokens and deferrals are bound to (RFC 8705 §3): the certificate of a client that
    /// authenticated with it, or of any client when <see cref="MutualTlsOptions.BindAllClientCertificates"/> is set.
    /// </summary>
    public async Task<string?> BindingAsync(HttpContext http, ClientRegistration client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return (client.UsesMutualTls || _options.BindAllClientCertificates) && await ReadAsync(http) is { } certificate ? Thumbprint(certificate) : null;
    }

    /// <summary>The certificate's name as RFC 8705 §2.1.2 registers it: exactly one of the five is set.</summary>
    public static bool HasRegisteredName(ClientRegistration client, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client switch
        {
            { TlsClientAuthSubjectDn: { } dn } => CertificateNames.SubjectIs(certificate, dn),
            { TlsClientAuthSanDns: { } dns } => CertificateNames.HasDnsName(certificate, dns),
            { TlsClientAuthSanUri: { } uri } => CertificateNames.HasUri(certificate, uri),
            { TlsClientAuthSanIp: { } ip } => CertificateNames.HasIpAddress(certificate, ip),
            { TlsClientAuthSanEmail: { } email } => CertificateNames.HasEmail(certificate, email),
            _ => false,
        };
    }

    /// <summary>RFC 8705 §2.2: the certificate is one the client registered, by thumbprint or in a JWK's <c>x5c</c>.</summary>
    public static bool IsRegistered(ClientRegistration client, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(client);
        var thumbprint = Thumbprint(certificate);
        return client.TlsClientCertificateThumbprints.Contains(thumbprint, StringComparer.Ordinal) ||
               client.Jwks.Any(k => k.X5c.Count > 0 && DerOf(k.X5c[0]) is { } der && der.AsSpan().SequenceEqual(certificate.RawData));
    }

    /// <summary>A JWK <c>x5c</c> entry (RFC 7517 §4.7: base64, not base64url) as DER, or null when it is not base64.</summary>
    public static byte[]? DerOf(string x5c)
    {
        try
        {
            return Convert.FromBase64String(x5c);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool ChainsToAuthority(X509Certificate2 certificate)
    {
        if (_authorities.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.DisableCertificateDownloads = true;

        // Revocation is the authority's business through short-lived certificates; CRL and OCSP are not fetched.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationUsage));
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        try
        {
            return chain.Build(certificate);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate))
                {
                    element.Certificate.Dispose();
                }
            }
        }
    }

    /// <summary>The proxy's header, believed only from a configured proxy address; a header from anywhere else is ignored.</summary>
    private X509Certificate2? Forwarded(HttpContext http)
    {
        if (_options.ForwardedCertificateHeader is not { Length: > 0 } name || http.Request.Headers[name].ToString() is not { Length: > 0 } value)
        {
            return null;
        }

        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !_proxies.Contains(Normal(remote)))
        {
            LogUntrustedForward(_logger, name, remote?.ToString() ?? "unknown");
            return null;
        }

        if (value.Length > MaxForwardedLength)
        {
            return null;
        }

        try
        {
            // nginx's $ssl_client_escaped_cert: the PEM text, URL-encoded.
            var pem = Uri.UnescapeDataString(value);
            if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "CERTIFICATE")
            {
                return null;
            }

            var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pem[fields.Base64Data]));
            http.Response.RegisterForDispose(certificate);
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or UriFormatException)
        {
            return null;
        }
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static X509Certificate2Collection Authorities(MutualTlsOptions options, List<string> problems)
    {
        var authorities = new X509Certificate2Collection();
        var texts = options.TrustedCaFiles.Select(file => (Source: file, Pem: File.Exists(file) ? File.ReadAllText(file) : null))
            .Concat(options.TrustedCaCertificates.Select((pem, i) => (Source: $"TrustedCaCertificates:{i}", Pem: (string?)pem)));
        foreach (var (source, pem) in texts)
        {
            if (pem is null)
            {
                problems.Add($"TrustedCaFiles: '{source}' does not exist");
                continue;
            }

            var before = authorities.Count;
            try
            {
                authorities.ImportFromPem(pem);
            }
            catch (CryptographicException)
            {
                problems.Add($"{source} is not PEM certificates");
                continue;
            }

            if (authorities.Count == before)
            {
                problems.Add($"{source} holds no certificate");
            }
        }

        return authorities;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Header} header from {Address}, not a trusted proxy, was ignored")]
    private static partial void LogUntrustedForward(ILogger logger, string header, string address);
}
