using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Duende.IdentityModel.Client;
using ClientAssertion = DeferredOrleans.TestSupport.ClientAssertion;
using SignedAssertion = Duende.IdentityModel.Client.ClientAssertion;

namespace DeferredOrleans.InteropTests;

/// <summary>
/// <c>private_key_jwt</c> (RFC 7523 §2.2 and §3) with two client libraries nobody here wrote, against the server
/// process: openid-client v6 signing with its own <c>PrivateKeyJwt</c>, and Duende.IdentityModel sending a
/// <c>ClientAssertion</c> the test signs, each through client_credentials, a deferred flow and CIBA as client
/// <c>keyed</c> of interopserver.json. Wrong assertions are 401 <c>invalid_client</c> and change nothing; a
/// <c>jwks_uri</c> whose name resolves to a private address is never fetched while private targets are not allowed.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class PrivateKeyJwtInteropTests(InteropServer server) : IDisposable
{
    private const string Keyed = "keyed";
    private const string Deferred = "urn:ietf:params:oauth:grant-type:deferred";
    private const string Ciba = "urn:openid:params:grant-type:ciba";
    private readonly HttpClient _http = new() { BaseAddress = server.Process.Address };
    private readonly ECDsa _key = ClientAssertion.KeyedAgent();

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    [Fact]
    public async Task OpenIdClient_ClientCredentials_SignsForTheIssuer_AndEveryWrongAssertionIsInvalidClient()
    {
        var result = await NodeFlow.RunAsync(server, "private-key-jwt.mjs", OpenIdClientEnvironment(Party.Approver));

        Assert.Equal(Keyed, result.GetProperty("client_id").GetString());
        var assertion = result.GetProperty("assertion");
        Assert.Equal(("ES256", ClientAssertion.KeyedAgentKid), (assertion.GetProperty("alg").GetString(), assertion.GetProperty("kid").GetString()));
        Assert.Equal((Keyed, Keyed), (assertion.GetProperty("iss").GetString(), assertion.GetProperty("sub").GetString()));
        Assert.Equal(server.Issuer, assertion.GetProperty("aud").GetString());
        Assert.InRange(assertion.GetProperty("lifetime").GetInt32(), 1, 300);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["replayed"] = "401 invalid_client",
                ["for another audience"] = "401 invalid_client",
                ["expired"] = "401 invalid_client",
                ["signed by a key not in the JWKS"] = "401 invalid_client",
                ["alg none in the header"] = "401 invalid_client",
                ["HS256 (client_secret_jwt)"] = "401 invalid_client",
            },
            result.GetProperty("refused").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()));
        Assert.Equal(Keyed, result.GetProperty("after").GetString());
    }

    [Fact]
    public async Task OpenIdClient_DeferredThenPolledWithGenericGrantRequest_YieldsTheTokenOnce()
    {
        var result = await NodeFlow.RunAsync(server, "client-credentials-dtr-poll.mjs", OpenIdClientEnvironment(Party.Approver));

        Assert.Equal(
            ["client_credentials 400 authorization_pending", $"{Deferred} 400 authorization_pending", $"{Deferred} 200 -", $"{Deferred} 400 invalid_grant"],
            NodeFlow.Exchanges(result));
        Assert.Equal("approve:me", result.GetProperty("scope").GetString());
        Assert.Equal("approve-me", result.GetProperty("approval_rule").GetString());
    }

    [Fact]
    public async Task OpenIdClient_Ciba_HintedUserApproves_PollerGetsAValidIdToken()
    {
        var result = await NodeFlow.RunAsync(server, "ciba.mjs", OpenIdClientEnvironment(Party.Erin));

        var exchanges = NodeFlow.Exchanges(result);
        Assert.Equal($"{Ciba} 400 authorization_pending", exchanges[0]);
        Assert.Equal($"{Ciba} 200 -", exchanges[^1]);
        Assert.DoesNotContain(exchanges, e => e.EndsWith("slow_down", StringComparison.Ordinal));
        var idToken = result.GetProperty("id_token");
        Assert.Equal(("erin", Keyed), (idToken.GetProperty("sub").GetString(), idToken.GetProperty("aud").GetString()));
    }

    [Fact]
    public async Task Duende_ClientCredentials_WithAClientAssertion_IssuesATokenToTheKeyedClient()
    {
        var disco = await DiscoverAsync();

        var token = await _http.RequestClientCredentialsTokenAsync(ClientCredentials(disco, "read"));

        Assert.False(token.IsError, token.Raw);
        Assert.Equal(Keyed, Jwt.Payload(token.AccessToken!).GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task Duende_DeferredThenPolledOnTheDtrGrant_YieldsTheTokenOnce()
    {
        var disco = await DiscoverAsync();
        var deferred = await _http.RequestClientCredentialsTokenAsync(ClientCredentials(disco, "approve:me", deferred: true));
        Assert.Equal((HttpStatusCode.BadRequest, "authorization_pending"), (deferred.HttpStatusCode, deferred.Error));
        var code = deferred.TryGet("deferral_code")!;

        var (token, seen) = await Poller.PollAsync(
            () => _http.RequestTokenAsync(DeferredPoll(disco, code)), Poller.Interval(deferred), () => Approvals.ApproveAsync(_http, code, Party.Approver));
        await PollInterval.WaitAsync(Poller.Interval(deferred));
        var again = await _http.RequestTokenAsync(DeferredPoll(disco, code));

        Assert.False(token.IsError, token.Raw);
        Assert.Equal(["authorization_pending"], seen);
        var claims = Jwt.Payload(token.AccessToken!);
        Assert.Equal(Keyed, claims.GetProperty("client_id").GetString());
        Assert.Equal("approve-me", claims.GetProperty("approval").GetProperty("rule").GetString());
        Assert.Equal("invalid_grant", again.Error);
    }

    [Fact]
    public async Task Duende_Ciba_HintedUserApproves_BackchannelTokenRequestGetsTheIdToken()
    {
        var disco = await DiscoverAsync();

        var started = await _http.RequestBackchannelAuthenticationAsync(new BackchannelAuthenticationRequest
        {
            Address = disco.BackchannelAuthenticationEndpoint,
            ClientId = Keyed,
            // CIBA §7.1: the issuer as the audience of an assertion sent to the backchannel authentication endpoint.
            ClientAssertion = Assertion(server.Issuer),
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Scope = "openid read",
            LoginHint = Party.Erin.Id,
            BindingMessage = "keyed-7",
        });
        Assert.False(started.IsError, started.Raw);
        var (token, seen) = await Poller.PollAsync(
            () => _http.RequestBackchannelAuthenticationTokenAsync(new BackchannelAuthenticationTokenRequest
            {
                Address = disco.TokenEndpoint,
                ClientId = Keyed,
                ClientAssertion = Assertion(disco.TokenEndpoint!),
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                AuthenticationRequestId = started.AuthenticationRequestId!,
            }),
            started.Interval!.Value,
            () => Approvals.ApproveAsync(_http, started.AuthenticationRequestId!, Party.Erin));

        Assert.False(token.IsError, token.Raw);
        Assert.Equal(["authorization_pending"], seen);
        var id = Jwt.Payload(token.IdentityToken!);
        Assert.Equal(("erin", Keyed), (id.GetProperty("sub").GetString(), id.GetProperty("aud").GetString()));
    }

    [Fact]
    public async Task Duende_WrongAssertions_AreInvalidClient_AndTheApprovedDeferralStaysForTheRightOne()
    {
        var disco = await DiscoverAsync();
        var request = ClientCredentials(disco, "approve:me", deferred: true);
        var deferred = await _http.RequestClientCredentialsTokenAsync(request);
        Assert.Equal("authorization_pending", deferred.Error);
        var code = deferred.TryGet("deferral_code")!;
        await Approvals.ApproveAsync(_http, code, Party.Approver);
        var now = DateTimeOffset.UtcNow;
        string Wrong(string kind) => ClientAssertion.Wrong(kind, Keyed, _key, ClientAssertion.KeyedAgentKid, now, disco.TokenEndpoint!);
        var wrong = new Dictionary<string, string>
        {
            ["replayed"] = request.ClientAssertion.Value,
            ["for another audience"] = Wrong("for another audience"),
            ["alg none"] = Wrong("alg none"),
            ["alg HS256"] = Wrong("alg HS256"),
            ["expired"] = Wrong("expired"),
            ["signed by a key not in the JWKS"] = Wrong("signed by another key"),
        };

        var answers = new Dictionary<string, string>();
        foreach (var (kind, assertion) in wrong)
        {
            var poll = DeferredPoll(disco, code);
            poll.ClientAssertion = new SignedAssertion { Type = ClientAssertion.Type, Value = assertion };
            var answer = await _http.RequestTokenAsync(poll);
            answers[kind] = $"{(int)answer.HttpStatusCode} {ErrorOf(answer)}";
        }

        // Refused before the deferral was reached: no slow_down was counted and the approved token is still there.
        await PollInterval.WaitAsync(Poller.Interval(deferred));
        var token = await _http.RequestTokenAsync(DeferredPoll(disco, code));

        Assert.Equal(wrong.Keys.ToDictionary(k => k, _ => "401 invalid_client"), answers);
        Assert.False(token.IsError, token.Raw);
        Assert.Equal("approve:me", token.Scope);
    }

    [Fact]
    public async Task AJwksUriNamingAPrivateAddress_IsNeverFetchedOutsideDevelopment_AndAuthenticatesNobody()
    {
        var disco = await DiscoverAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // The name does lead to the listener: whoever connects by it arrives there.
        using (var control = new TcpClient())
        {
            await control.ConnectAsync(InteropServer.PrivateKeyHostName, ((IPEndPoint)server.PrivateKeyHost.LocalEndpoint).Port);
            using var arrived = await server.PrivateKeyHost.AcceptTcpClientAsync();
        }

        var token = await _http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = "private-jwks",
            ClientAssertion = new SignedAssertion
            {
                Type = ClientAssertion.Type,
                Value = ClientAssertion.Sign("private-jwks", key, "k1", DateTimeOffset.UtcNow, audience: disco.TokenEndpoint!),
            },
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Scope = "read",
        });

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (token.HttpStatusCode, ErrorOf(token)));
        Assert.False(
            server.PrivateKeyHost.Pending(),
            $"the server connected to the jwks_uri at {InteropServer.PrivateKeyHostName} (this test needs a host name that resolves to private addresses only)");
    }

    private Dictionary<string, string> OpenIdClientEnvironment(Party approver) => new()
    {
        ["CLIENT_ID"] = Keyed,
        ["CLIENT_PRIVATE_KEY"] = ClientAssertion.KeyedAgentPrivateKey,
        ["CLIENT_KEY_ID"] = ClientAssertion.KeyedAgentKid,
        ["APPROVER_USER"] = approver.Id,
        ["APPROVER_PASSWORD"] = approver.Secret,
    };

    private async Task<DiscoveryDocumentResponse> DiscoverAsync()
    {
        var disco = await _http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = server.Issuer });
        Assert.False(disco.IsError, disco.Error);
        Assert.Contains("private_key_jwt", disco.TokenEndpointAuthenticationMethodsSupported);
        return disco;
    }

    /// <summary>A fresh assertion of the keyed client (a <c>jti</c> is good once) for <paramref name="audience"/>.</summary>
    private SignedAssertion Assertion(string audience) => new()
    {
        Type = ClientAssertion.Type,
        Value = ClientAssertion.Sign(Keyed, _key, ClientAssertion.KeyedAgentKid, DateTimeOffset.UtcNow, audience: audience),
    };

    /// <summary>RFC 7523 §3: the token endpoint's URL as the audience, which the server accepts beside its issuer.</summary>
    private ClientCredentialsTokenRequest ClientCredentials(DiscoveryDocumentResponse disco, string scope, bool deferred = false)
    {
        var request = new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = Keyed,
            ClientAssertion = Assertion(disco.TokenEndpoint!),
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Scope = scope,
        };
        if (deferred)
        {
            request.Parameters.Add("completion_mode", "deferred");
        }

        return request;
    }

    private TokenRequest DeferredPoll(DiscoveryDocumentResponse disco, string code) => new()
    {
        Address = disco.TokenEndpoint,
        GrantType = Deferred,
        ClientId = Keyed,
        ClientAssertion = Assertion(disco.TokenEndpoint!),
        ClientCredentialStyle = ClientCredentialStyle.PostBody,
        Parameters = { { "deferral_code", code } },
    };

    /// <summary>The body's error: Duende.IdentityModel reads only a 400's body as a protocol error, a 401's <c>Error</c> is its reason phrase.</summary>
    private static string? ErrorOf(TokenResponse response) => response.TryGet("error");
}
