using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Mutual TLS (RFC 8705) through real TLS handshakes on loopback: <c>tls_client_auth</c> by subject and by DNS name,
/// <c>self_signed_tls_client_auth</c>, certificate-bound access tokens (<c>cnf.x5t#S256</c>) and deferrals, the
/// certificate forwarded by a trusted proxy, and the metadata that says so.
/// </summary>
public sealed class MutualTlsTests(MutualTlsGatewayFactory factory) : IClassFixture<MutualTlsGatewayFactory>
{
    private const string DeferredGrant = OAuthTestClient.DeferredGrant;

    [Fact]
    public async Task TlsClientAuth_WithTheRegisteredSubject_GetsABearerTokenBoundToItsCertificate()
    {
        var reply = await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", "client_credentials"), ("scope", "read"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Bearer", reply.String("token_type"));
        var claims = Jwt.Payload(reply.String("access_token")!);
        Assert.Equal("mtls-agent", claims.GetProperty("client_id").GetString());
        Assert.Equal(TestCertificates.Thumbprint(factory.Agent), claims.GetProperty("cnf").GetProperty("x5t#S256").GetString());
    }

    public static TheoryData<string> Refused() => ["another subject", "another authority", "no certificate", "a self-signed certificate"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task TlsClientAuth_WithoutItsCertificate_IsInvalidClient(string presented)
    {
        var certificate = presented switch
        {
            "another subject" => factory.Impostor,
            "another authority" => factory.Stranger,
            "a self-signed certificate" => factory.SelfSigned,
            _ => null,
        };

        var reply = await TokenAsync(certificate, "mtls-agent", ("grant_type", "client_credentials"), ("scope", "read"));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (reply.Status, reply.Error));
        Assert.Equal("no-store", reply.CacheControl);
    }

    [Fact]
    public async Task TlsClientAuth_ByDnsName_AcceptsTheCertificateThatCarriesIt_AndNoOther()
    {
        var named = await TokenAsync(factory.SanAgent, "mtls-san", ("grant_type", "client_credentials"), ("scope", "read"));
        var unnamed = await TokenAsync(factory.Agent, "mtls-san", ("grant_type", "client_credentials"), ("scope", "read"));

        Assert.Equal(HttpStatusCode.OK, named.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (unnamed.Status, unnamed.Error));
    }

    [Fact]
    public async Task SelfSignedTlsClientAuth_WithTheCertificateInItsJwks_GetsABoundToken_AndAnotherIsInvalidClient()
    {
        var registered = await TokenAsync(factory.SelfSigned, "mtls-self", ("grant_type", "client_credentials"), ("scope", "read"));
        var other = await TokenAsync(factory.UnregisteredSelfSigned, "mtls-self", ("grant_type", "client_credentials"), ("scope", "read"));

        Assert.Equal(HttpStatusCode.OK, registered.Status);
        Assert.Equal(TestCertificates.Thumbprint(factory.SelfSigned), Jwt.Payload(registered.String("access_token")!).GetProperty("cnf").GetProperty("x5t#S256").GetString());
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (other.Status, other.Error));
    }

    [Fact]
    public async Task ADeferralOverMutualTls_IsBoundToTheCertificate_APollWithAnotherIsRefused_AndTheRightOneGetsTheToken()
    {
        var deferred = await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));
        Assert.Equal("authorization_pending", deferred.Error);
        var code = deferred.String("deferral_code")!;
        using var approvers = factory.Plain();
        var approval = await new OAuthTestClient(approvers, factory.Time).ApproveAsync("approver", code);
        Assert.Equal(HttpStatusCode.OK, approval.Status);

        // The renewed certificate authenticates mtls-agent (same subject, same authority) but is not the one the code is bound to.
        factory.Time.Advance(TimeSpan.FromSeconds(5));
        var other = await TokenAsync(factory.AgentRenewed, "mtls-agent", ("grant_type", DeferredGrant), ("deferral_code", code));
        factory.Time.Advance(TimeSpan.FromSeconds(5));
        var right = await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", DeferredGrant), ("deferral_code", code));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (other.Status, other.Error));
        Assert.Equal("no-store", other.CacheControl);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.Equal(TestCertificates.Thumbprint(factory.Agent), Jwt.Payload(right.String("access_token")!).GetProperty("cnf").GetProperty("x5t#S256").GetString());
    }

    [Fact]
    public async Task RevokingABoundDeferral_WithAnotherCertificate_IsRefusedAndChangesNothing()
    {
        var deferred = await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", "client_credentials"), ("scope", "approve:me"), ("completion_mode", "deferred"));
        var code = deferred.String("deferral_code")!;

        var revoked = await SendAsync(factory.AgentRenewed, "/revoke", ("client_id", "mtls-agent"), ("token", code));
        factory.Time.Advance(TimeSpan.FromSeconds(5));
        var poll = await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", DeferredGrant), ("deferral_code", code));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (revoked.Status, revoked.Error));
        Assert.Equal("authorization_pending", poll.Error);
    }

    [Fact]
    public async Task Introspection_OfABoundToken_ReturnsItsCertificateThumbprint_WhichAnotherCertificateDoesNotMatch()
    {
        var token = (await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", "client_credentials"), ("scope", "read"))).String("access_token")!;
        using var http = factory.Plain();
        var resourceServer = new OAuthTestClient(http, factory.Time);

        var reply = await resourceServer.SendAsync(HttpMethod.Post, "/introspect", OAuthTestClient.Basic("rs", OAuthTestClient.SecretOf("rs")), new FormUrlEncodedContent([new("token", token)]));

        Assert.True(reply.Json.GetProperty("active").GetBoolean());
        Assert.Equal("Bearer", reply.String("token_type"));
        var bound = reply.Json.GetProperty("cnf").GetProperty("x5t#S256").GetString();
        Assert.Equal(TestCertificates.Thumbprint(factory.Agent), bound);
        Assert.NotEqual(TestCertificates.Thumbprint(factory.AgentRenewed), bound);
    }

    [Fact]
    public async Task ExchangingABoundToken_NeedsItsCertificate_AndTheNewTokenStaysBound()
    {
        var token = (await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", "client_credentials"), ("scope", "read"))).String("access_token")!;
        (string, string)[] exchange =
        [
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token", token),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), ("scope", "read"),
        ];

        var other = await TokenAsync(factory.AgentRenewed, "mtls-agent", exchange);
        var holder = await TokenAsync(factory.Agent, "mtls-agent", exchange);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (other.Status, other.Error));
        Assert.Equal(HttpStatusCode.OK, holder.Status);
        Assert.Equal(TestCertificates.Thumbprint(factory.Agent), Jwt.Payload(holder.String("access_token")!).GetProperty("cnf").GetProperty("x5t#S256").GetString());
    }

    [Fact]
    public async Task TheSampleResourceServer_AcceptsABoundTokenOnlyOverAConnectionWithItsCertificate()
    {
        var resource = factory.Docs.Resource.ToString().TrimEnd('/');
        var token = (await TokenAsync(factory.Agent, "mtls-agent", ("grant_type", "client_credentials"), ("scope", "docs:read"), ("resource", resource))).String("access_token")!;

        var holder = await ReadDocsAsync(factory.Agent, token);
        var renewed = await ReadDocsAsync(factory.AgentRenewed, token);
        var none = await ReadDocsAsync(null, token);

        Assert.Equal(HttpStatusCode.OK, holder.StatusCode);
        foreach (var refused in new[] { renewed, none })
        {
            // RFC 8705 §3: invalid_token, 401.
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AForwardedCertificate_FromTheTrustedProxy_AuthenticatesAndBinds_AndFromAnotherAddressIsIgnored()
    {
        using var proxy = factory.Plain();
        using var elsewhere = factory.Plain(IPAddress.Parse("127.0.0.2"));

        var forwarded = await ForwardAsync(proxy, factory.Agent);
        var ignored = await ForwardAsync(elsewhere, factory.Agent);

        Assert.Equal(HttpStatusCode.OK, forwarded.Status);
        Assert.Equal(TestCertificates.Thumbprint(factory.Agent), Jwt.Payload(forwarded.String("access_token")!).GetProperty("cnf").GetProperty("x5t#S256").GetString());
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (ignored.Status, ignored.Error));
    }

    [Fact]
    public async Task AForwardedHeaderThatIsNotACertificate_IsInvalidClient()
    {
        using var proxy = factory.Plain();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = Form(("client_id", "mtls-agent"), ("grant_type", "client_credentials"), ("scope", "read")) };
        request.Headers.TryAddWithoutValidation(MutualTlsGatewayFactory.Header, "-----BEGIN%20CERTIFICATE-----%0AAAAA%0A-----END%20CERTIFICATE-----");

        var reply = await Reply.ReadAsync(await proxy.SendAsync(request));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (reply.Status, reply.Error));
    }

    [Fact]
    public async Task Metadata_AdvertisesTheMethods_BoundTokens_AndTheEndpointAliases()
    {
        using var http = factory.Tls(null);

        var metadata = await Reply.ReadAsync(await http.GetAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative)));

        Assert.True(metadata.Json.GetProperty("tls_client_certificate_bound_access_tokens").GetBoolean());
        foreach (var name in new[] { "token_endpoint_auth_methods_supported", "revocation_endpoint_auth_methods_supported", "introspection_endpoint_auth_methods_supported" })
        {
            var methods = metadata.Json.GetProperty(name).EnumerateArray().Select(m => m.GetString()).ToList();
            Assert.Contains("tls_client_auth", methods);
            Assert.Contains("self_signed_tls_client_auth", methods);
        }

        var aliases = metadata.Json.GetProperty("mtls_endpoint_aliases");
        Assert.Equal(MutualTlsGatewayFactory.AliasBase + "/token", aliases.GetProperty("token_endpoint").GetString());
        Assert.Equal(MutualTlsGatewayFactory.AliasBase + "/introspect", aliases.GetProperty("introspection_endpoint").GetString());
    }

    private Task<Reply> TokenAsync(X509Certificate2? certificate, string clientId, params (string Name, string Value)[] form) =>
        SendAsync(certificate, "/token", [("client_id", clientId), .. form]);

    private async Task<Reply> SendAsync(X509Certificate2? certificate, string path, params (string Name, string Value)[] form)
    {
        using var http = factory.Tls(certificate);
        return await Reply.ReadAsync(await http.PostAsync(new Uri(path, UriKind.Relative), Form(form)));
    }

    private async Task<HttpResponseMessage> ReadDocsAsync(X509Certificate2? certificate, string token)
    {
        using var http = TestCertificates.HttpClient(factory.Docs.Resource, factory.Authority, certificate);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/docs");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static async Task<Reply> ForwardAsync(HttpClient http, X509Certificate2 certificate)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = Form(("client_id", "mtls-agent"), ("grant_type", "client_credentials"), ("scope", "read")) };

        // nginx's $ssl_client_escaped_cert.
        request.Headers.TryAddWithoutValidation(MutualTlsGatewayFactory.Header, Uri.EscapeDataString(certificate.ExportCertificatePem()));
        return await Reply.ReadAsync(await http.SendAsync(request));
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] form) => new(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}
