using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// A self-signed TLS certificate for 127.0.0.1, written as a password-protected PFX for Kestrel. Clients built with
/// <see cref="Handler"/> trust exactly this certificate and nothing else.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private readonly byte[] _raw;

    public TestCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        PfxPath = Path.Combine(directory, "server.pfx");
        File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pfx, Password));
        _raw = certificate.RawData;
    }

    public string PfxPath { get; }

    public string Password { get; }

    /// <summary>A handler that never follows redirects and, for https, accepts only <paramref name="certificate"/>.</summary>
    public static SocketsHttpHandler Handler(TestCertificate? certificate) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
                certificate is not null && presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(certificate._raw),
        },
    };

    public void Dispose() => File.Delete(PfxPath);
}
