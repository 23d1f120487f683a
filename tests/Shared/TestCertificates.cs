using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// Certificates made by a test (RFC 5280 profiles through <see cref="CertificateRequest"/>): an authority, server and client
/// certificates it issues, self-signed client certificates; and HTTP clients that present one over a real TLS handshake.
/// </summary>
public static class TestCertificates
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return Reloaded(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)));
    }

    /// <summary>A client certificate the authority issues, with the client-authentication usage and the given alternative names.</summary>
    public static X509Certificate2 Client(X509Certificate2 authority, string subject, Action<SubjectAlternativeNameBuilder>? names = null) =>
        Issue(authority, subject, ClientAuthentication, names);

    /// <summary>The server's certificate for 127.0.0.1 and localhost.</summary>
    public static X509Certificate2 Server(X509Certificate2 authority) =>
        Issue(authority, "CN=localhost", ServerAuthentication, names =>
        {
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
        });

    /// <summary>A self-signed client certificate (RFC 8705 §2.2).</summary>
    public static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthentication)], false));
        return Reloaded(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)));
    }

    /// <summary>The certificate as a JWK <c>x5c</c> entry: standard base64 of its DER (RFC 7517 §4.7).</summary>
    public static string X5c(X509Certificate2 certificate) => Convert.ToBase64String(certificate.RawData);

    /// <summary>RFC 8705 §3.1 <c>x5t#S256</c>.</summary>
    public static string Thumbprint(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.RawData)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// An HTTP client that trusts only <paramref name="authority"/>'s server certificates, presents <paramref name="certificate"/>
    /// (or none) in the handshake, and connects from <paramref name="localAddress"/> when given (any 127/8 address on Linux).
    /// </summary>
    public static HttpClient HttpClient(Uri baseAddress, X509Certificate2 authority, X509Certificate2? certificate, IPAddress? localAddress = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, server, _, _) => server is X509Certificate2 presented && IssuedBy(presented, authority),
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
                ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
            },
        };
        if (certificate is null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = null;
        }

        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    private static bool IssuedBy(X509Certificate2 presented, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, string usage, Action<SubjectAlternativeNameBuilder>? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (names is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            names(builder);
            request.CertificateExtensions.Add(builder.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        return Reloaded(issued.CopyWithPrivateKey(key));
    }

    /// <summary>Through PKCS#12, so the private key is a persisted one TLS can use on every platform.</summary>
    private static X509Certificate2 Reloaded(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }
    }
}
