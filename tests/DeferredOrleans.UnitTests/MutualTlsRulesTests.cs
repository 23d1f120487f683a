using System.Net;
using System.Security.Cryptography.X509Certificates;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Jose;
using DeferredOrleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// RFC 8705's pure parts: the names a <c>tls_client_auth</c> client is registered by (§2.1.2), the certificates of a
/// <c>self_signed_tls_client_auth</c> client (§2.2), the <c>x5t#S256</c> thumbprint (§3.1), what a registration must
/// hold, and a certificate-bound deferral refusing a poll or revocation from another certificate.
/// </summary>
public sealed class MutualTlsRulesTests : IDisposable
{
    private static readonly DeferralOptions Strict = new() { PollTolerance = TimeSpan.Zero, Retention = TimeSpan.FromDays(1) };

    private readonly X509Certificate2 _authority = TestCertificates.Authority("Unit CA");
    private readonly X509Certificate2 _named;

    public MutualTlsRulesTests() =>
        _named = TestCertificates.Client(_authority, "CN=agent, OU=Payments, O=Example Corp", names =>
        {
            names.AddDnsName("Agent.Example.COM");
            names.AddUri(new Uri("spiffe://example.com/agent"));
            names.AddIpAddress(IPAddress.Parse("2001:db8::7"));
            names.AddEmailAddress("agent@example.com");
        });

    public void Dispose()
    {
        _named.Dispose();
        _authority.Dispose();
    }

    [Theory]
    [InlineData("CN=agent, OU=Payments, O=Example Corp", true)]
    [InlineData("CN=agent,OU=Payments,O=Example Corp", true)]
    [InlineData("cn=AGENT, ou=payments, o=example  corp", true)]
    [InlineData("O=Example Corp, OU=Payments, CN=agent", false)]
    [InlineData("CN=agent, O=Example Corp", false)]
    [InlineData("CN=agent, OU=Payments, O=Example Corp, C=FR", false)]
    [InlineData("CN=agent2, OU=Payments, O=Example Corp", false)]
    [InlineData("not a name", false)]
    public void SubjectIs_RegisteredDistinguishedName_MatchesTheSameAttributesInTheSameOrder(string registered, bool matches) =>
        Assert.Equal(matches, CertificateNames.SubjectIs(_named, registered));

    [Theory]
    [InlineData("dns", "agent.example.com", true)]
    [InlineData("dns", "other.example.com", false)]
    [InlineData("dns", "example.com", false)]
    [InlineData("uri", "spiffe://example.com/agent", true)]
    [InlineData("uri", "spiffe://example.com/Agent", false)]
    [InlineData("ip", "2001:db8:0:0::7", true)]
    [InlineData("ip", "2001:db8::8", false)]
    [InlineData("ip", "not an address", false)]
    [InlineData("email", "agent@example.com", true)]
    [InlineData("email", "other@example.com", false)]
    public void HasRegisteredName_SubjectAlternativeName_MatchesAnEntryOfThatTypeOnly(string type, string value, bool matches)
    {
        var client = new ClientRegistration { ClientId = "agent", TokenEndpointAuthMethod = ClientAuthenticator.TlsClientAuth };
        switch (type)
        {
            case "dns": client.TlsClientAuthSanDns = value; break;
            case "uri": client.TlsClientAuthSanUri = value; break;
            case "ip": client.TlsClientAuthSanIp = value; break;
            default: client.TlsClientAuthSanEmail = value; break;
        }

        Assert.Equal(matches, ClientCertificates.HasRegisteredName(client, _named));
    }

    [Fact]
    public void AlternativeNames_OfACertificateWithoutThem_AreNone()
    {
        using var plain = TestCertificates.Client(_authority, "CN=plain");

        Assert.Empty(CertificateNames.DnsNames(plain));
        Assert.Empty(CertificateNames.IpAddresses(plain));
        Assert.False(CertificateNames.HasEmail(plain, "agent@example.com"));
    }

    [Fact]
    public void Thumbprint_IsTheBase64UrlSha256OfTheDerCertificate()
    {
        var thumbprint = ClientCertificates.Thumbprint(_named);

        Assert.Equal(TestCertificates.Thumbprint(_named), thumbprint);
        Assert.Equal(43, thumbprint.Length);
        Assert.DoesNotContain('=', thumbprint);
    }

    [Fact]
    public void IsRegistered_SelfSignedCertificate_ByJwksX5cOrByThumbprint_AndNoOther()
    {
        using var inJwks = TestCertificates.SelfSigned("CN=self");
        using var byThumbprint = TestCertificates.SelfSigned("CN=self");
        using var other = TestCertificates.SelfSigned("CN=self");
        var client = new ClientRegistration
        {
            ClientId = "self",
            TokenEndpointAuthMethod = ClientAuthenticator.SelfSignedTlsClientAuth,
            Jwks = [new TrustedKeyOptions { Kty = "EC", X5c = [TestCertificates.X5c(inJwks)] }],
            TlsClientCertificateThumbprints = [TestCertificates.Thumbprint(byThumbprint)],
        };

        Assert.True(ClientCertificates.IsRegistered(client, inJwks));
        Assert.True(ClientCertificates.IsRegistered(client, byThumbprint));
        Assert.False(ClientCertificates.IsRegistered(client, other));
    }

    public static TheoryData<string, ClientRegistration, string?> Registrations() => new()
    {
        { "tls_client_auth by subject", Tls(c => c.TlsClientAuthSubjectDn = "CN=agent, O=Example"), null },
        { "tls_client_auth by IP", Tls(c => c.TlsClientAuthSanIp = "192.0.2.7"), null },
        { "tls_client_auth naming nothing", Tls(_ => { }), "needs exactly one of" },
        { "tls_client_auth naming two", Tls(c => (c.TlsClientAuthSanDns, c.TlsClientAuthSanEmail) = ("a.example", "a@example.com")), "needs exactly one of" },
        { "tls_client_auth with a bad IP", Tls(c => c.TlsClientAuthSanIp = "192.0.2.300"), "is not an IP address" },
        { "tls_client_auth with a secret too", Tls(c => (c.TlsClientAuthSanDns, c.SecretHash) = ("a.example", "x")), "must be neither public nor have a SecretHash" },
        { "self_signed_tls_client_auth by thumbprint", SelfSigned(c => c.TlsClientCertificateThumbprints = ["bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"]), null },
        { "self_signed_tls_client_auth without a certificate", SelfSigned(_ => { }), "needs a certificate" },
        { "self_signed_tls_client_auth with an x5c that is not base64", SelfSigned(c => c.Jwks = [new TrustedKeyOptions { Kty = "EC", X5c = ["*not base64*"] }]), "not base64" },
        { "self_signed_tls_client_auth with a name", SelfSigned(c => (c.TlsClientCertificateThumbprints, c.TlsClientAuthSanDns) = (["t"], "a.example")), "not TlsClientAuth names" },
        { "an unknown method", new ClientRegistration { ClientId = "x", TokenEndpointAuthMethod = "tls_client_authentication" }, "token_endpoint_auth_method must be" },
    };

    [Theory]
    [MemberData(nameof(Registrations))]
    public void ClientRegistry_MutualTlsRegistration_IsCheckedAtStart(string because, ClientRegistration client, string? problem)
    {
        var refused = Record.Exception(() => new ClientRegistry([client], OrganizationDirectory.From(new DirectoryOptions()), new CallbackOptions()));

        if (problem is null)
        {
            Assert.True(refused is null, $"{because}: {refused?.Message}");
        }
        else
        {
            Assert.True(refused is ConfigurationProblemException && refused.Message.Contains(problem, StringComparison.Ordinal), $"{because}: {refused?.Message}");
        }
    }

    [Fact]
    public void Problems_CertificateClients_NeedMutualTlsOn_AndTlsClientAuthAnAuthority()
    {
        ClientRegistration[] clients = [Tls(c => c.TlsClientAuthSanDns = "a.example"), SelfSigned(c => c.TlsClientCertificateThumbprints = ["t"]), new() { ClientId = "secret" }];

        var off = Certificates(new MutualTlsOptions()).Problems(clients).ToList();
        var noAuthority = Certificates(new MutualTlsOptions { Enabled = true }).Problems(clients).ToList();
        var complete = Certificates(new MutualTlsOptions { Enabled = true, TrustedCaCertificates = [_authority.ExportCertificatePem()] }).Problems(clients).ToList();

        Assert.Equal(2, off.Count);
        Assert.All(off, p => Assert.Contains("MutualTls:Enabled is false", p, StringComparison.Ordinal));
        Assert.Contains("no authority is configured", Assert.Single(noAuthority), StringComparison.Ordinal);
        Assert.Empty(complete);
    }

    [Theory]
    [InlineData("a proxy that is not an address", "TrustedProxies: 'proxy.example' is not an IP address")]
    [InlineData("proxies without a header", "TrustedProxies needs ForwardedCertificateHeader")]
    [InlineData("a missing authority file", "does not exist")]
    [InlineData("an authority that is not PEM", "holds no certificate")]
    public void ClientCertificates_BadConfiguration_StopsTheServer(string because, string problem)
    {
        var options = because switch
        {
            "a proxy that is not an address" => new MutualTlsOptions { Enabled = true, ForwardedCertificateHeader = "X-Client-Cert", TrustedProxies = ["proxy.example"] },
            "proxies without a header" => new MutualTlsOptions { Enabled = true, TrustedProxies = ["10.0.0.1"] },
            "a missing authority file" => new MutualTlsOptions { Enabled = true, TrustedCaFiles = ["/nonexistent/ca.pem"] },
            _ => new MutualTlsOptions { Enabled = true, TrustedCaCertificates = ["not PEM at all"] },
        };

        var refused = Assert.Throws<ConfigurationProblemException>(() => Certificates(options));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "x5t-A", PollVerdict.Pending)]
    [InlineData("x5t-A", "x5t-A", PollVerdict.Pending)]
    [InlineData("x5t-A", "x5t-B", PollVerdict.WrongCertificate)]
    [InlineData("x5t-A", null, PollVerdict.WrongCertificate)]
    public void Poll_OfACertificateBoundDeferral_NeedsTheSameCertificate(string? bound, string? presented, PollVerdict expected)
    {
        var state = Bound(bound);

        var decision = PollRules.Evaluate(state, new PollRequest("agent", CertificateThumbprint: presented), T0.AddSeconds(5), default, Strict);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(expected == PollVerdict.WrongCertificate ? null : T0.AddSeconds(5), decision.Memory.LastPollAt);
    }

    [Theory]
    [InlineData("x5t-A", CancelResult.Cancelled)]
    [InlineData("x5t-B", CancelResult.WrongCertificate)]
    [InlineData(null, CancelResult.WrongCertificate)]
    public void Cancel_OfACertificateBoundDeferral_NeedsTheSameCertificate(string? presented, CancelResult expected)
    {
        var state = Bound("x5t-A");

        var (result, next) = Cancellation.Apply(state, new CancelRequest("agent", CertificateThumbprint: presented), T0.AddSeconds(5), TimeSpan.FromDays(1));

        Assert.Equal(expected, result);
        Assert.Equal(expected == CancelResult.Cancelled ? DeferralStatus.Cancelled : DeferralStatus.Pending, next.Status);
    }

    private static ClientCertificates Certificates(MutualTlsOptions options) =>
        new(Options.Create(options), TimeProvider.System, NullLogger<ClientCertificates>.Instance);

    private static DeferralState Bound(string? thumbprint)
    {
        var pending = Pending();
        return pending with { Request = pending.Request! with { CertificateThumbprint = thumbprint } };
    }

    private static ClientRegistration Tls(Action<ClientRegistration> set)
    {
        var client = new ClientRegistration { ClientId = "tls", TokenEndpointAuthMethod = ClientAuthenticator.TlsClientAuth };
        set(client);
        return client;
    }

    private static ClientRegistration SelfSigned(Action<ClientRegistration> set)
    {
        var client = new ClientRegistration { ClientId = "self", TokenEndpointAuthMethod = ClientAuthenticator.SelfSignedTlsClientAuth };
        set(client);
        return client;
    }
}
