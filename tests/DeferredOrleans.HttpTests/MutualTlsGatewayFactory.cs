using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DeferredOrleans.Core.Policy;
using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway of testserver.json on real Kestrel listeners on loopback: HTTPS that asks for client certificates (RFC
/// 8705), and plain HTTP as behind a TLS-terminating proxy at 127.0.0.1 that forwards the certificate in
/// <c>X-Client-Cert</c>. The test's own authority issues the server's and the clients' certificates; three clients
/// authenticate with them: mtls-agent by subject, mtls-san by DNS name, mtls-self by a self-signed certificate in its
/// <c>jwks</c>. The sample resource server (<see cref="Docs"/>) runs beside it on HTTPS.
/// </summary>
public sealed class MutualTlsGatewayFactory : GatewayFactory, IAsyncLifetime
{
    public const string Header = "X-Client-Cert";
    public const string AgentSubject = "CN=mtls-agent, O=DeferredOrleans Tests";
    public const string SanDnsName = "agent.example.test";
    private const string PfxPassword = "test-only";

    private static readonly string TestServerFile = Path.Combine(AppContext.BaseDirectory, "testserver.json");

    private readonly string _serverPfx = Path.Combine(Path.GetTempPath(), $"deferred-orleans-mtls-{Guid.NewGuid():N}.pfx");
    private readonly int _httpsPort = LoopbackPorts.Free();
    private readonly int _httpPort = LoopbackPorts.Free();

    public MutualTlsGatewayFactory()
    {
        Authority = TestCertificates.Authority("DeferredOrleans Test CA");
        using var server = TestCertificates.Server(Authority);
        File.WriteAllBytes(_serverPfx, server.Export(X509ContentType.Pkcs12, PfxPassword));
        Agent = TestCertificates.Client(Authority, AgentSubject);
        AgentRenewed = TestCertificates.Client(Authority, AgentSubject);
        Impostor = TestCertificates.Client(Authority, "CN=someone-else, O=DeferredOrleans Tests");
        SanAgent = TestCertificates.Client(Authority, "CN=any name", names => names.AddDnsName(SanDnsName));
        using var otherAuthority = TestCertificates.Authority("Another CA");
        Stranger = TestCertificates.Client(otherAuthority, AgentSubject);
        SelfSigned = TestCertificates.SelfSigned("CN=mtls-self");
        UnregisteredSelfSigned = TestCertificates.SelfSigned("CN=mtls-self");
        UseKestrel();
    }

    public X509Certificate2 Authority { get; }

    /// <summary>mtls-agent's certificate.</summary>
    public X509Certificate2 Agent { get; }

    /// <summary>Another certificate with mtls-agent's subject from the same authority: it authenticates the client, but is not the one tokens were bound to.</summary>
    public X509Certificate2 AgentRenewed { get; }

    public X509Certificate2 Impostor { get; }

    public X509Certificate2 SanAgent { get; }

    /// <summary>mtls-agent's subject, issued by an authority the server does not trust.</summary>
    public X509Certificate2 Stranger { get; }

    public X509Certificate2 SelfSigned { get; }

    public X509Certificate2 UnregisteredSelfSigned { get; }

    public Uri HttpsAddress => new($"https://127.0.0.1:{_httpsPort}");

    public Uri HttpAddress => new($"http://127.0.0.1:{_httpPort}");

    /// <summary>The base URL advertised in <c>mtls_endpoint_aliases</c>.</summary>
    public static string AliasBase => "https://mtls.localhost:8443";

    /// <summary>A client of the HTTPS listener presenting <paramref name="certificate"/> (or none) in the handshake.</summary>
    public HttpClient Tls(X509Certificate2? certificate) => TestCertificates.HttpClient(HttpsAddress, Authority, certificate);

    /// <summary>A client of the plain listener, as the proxy (from 127.0.0.1) or from another address.</summary>
    public HttpClient Plain(IPAddress? from = null) => TestCertificates.HttpClient(HttpAddress, Authority, null, from);

    /// <summary>samples/DocsApi, trusting this gateway and asking its TLS clients for certificates.</summary>
    public MutualTlsDocsApiFactory Docs { get; private set; } = null!;

    public Task InitializeAsync()
    {
        StartServer();
        Docs = new MutualTlsDocsApiFactory(HttpAddress, _serverPfx, PfxPassword);
        Docs.Start();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync() => await Docs.DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DeferredOrleans:Server:Issuer", HttpAddress.ToString().TrimEnd('/'));
        builder.UseSetting("Kestrel:Endpoints:Https:Url", HttpsAddress.ToString());
        builder.UseSetting("Kestrel:Endpoints:Https:Certificate:Path", _serverPfx);
        builder.UseSetting("Kestrel:Endpoints:Https:Certificate:Password", PfxPassword);
        builder.UseSetting("Kestrel:Endpoints:Http:Url", HttpAddress.ToString());
        builder.UseSetting("DeferredOrleans:MutualTls:Enabled", "true");
        builder.UseSetting("DeferredOrleans:MutualTls:TrustedCaCertificates:0", Authority.ExportCertificatePem());
        builder.UseSetting("DeferredOrleans:MutualTls:ForwardedCertificateHeader", Header);
        builder.UseSetting("DeferredOrleans:MutualTls:TrustedProxies:0", "127.0.0.1");
        builder.UseSetting("DeferredOrleans:MutualTls:EndpointAliasBaseUrl", AliasBase);

        var next = ConfigurationFile.Count(TestServerFile, "Clients");
        AddClient(builder, next, "mtls-agent", "tls_client_auth", ("TlsClientAuthSubjectDn", AgentSubject), ("Scopes:1", "approve:me"), ("Scopes:2", "docs:read"),
            ("GrantTypes:1", "urn:ietf:params:oauth:grant-type:token-exchange"));

        // The sample resource server's scope, allowed at once.
        var rule = $"{PolicyOptions.Section}:Rules:{ConfigurationFile.Count(TestServerFile, "Policy:Rules").ToString(CultureInfo.InvariantCulture)}";
        builder.UseSetting($"{rule}:Name", "docs-read");
        builder.UseSetting($"{rule}:Match:Scopes:0", "docs:read");
        builder.UseSetting($"{rule}:Outcome", "allow");
        AddClient(builder, next + 1, "mtls-san", "tls_client_auth", ("TlsClientAuthSanDns", SanDnsName));
        AddClient(builder, next + 2, "mtls-self", "self_signed_tls_client_auth", ("Jwks:0:Kty", "EC"), ("Jwks:0:X5c:0", TestCertificates.X5c(SelfSigned)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(_serverPfx);
        foreach (var certificate in new[] { Authority, Agent, AgentRenewed, Impostor, SanAgent, Stranger, SelfSigned, UnregisteredSelfSigned })
        {
            certificate.Dispose();
        }
    }

    private static void AddClient(IWebHostBuilder builder, int index, string id, string method, params (string Key, string Value)[] settings)
    {
        var prefix = $"DeferredOrleans:Clients:{index.ToString(CultureInfo.InvariantCulture)}";
        builder.UseSetting($"{prefix}:ClientId", id);
        builder.UseSetting($"{prefix}:TokenEndpointAuthMethod", method);
        builder.UseSetting($"{prefix}:GrantTypes:0", "client_credentials");
        builder.UseSetting($"{prefix}:Scopes:0", "read");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting($"{prefix}:{key}", value);
        }
    }
}
