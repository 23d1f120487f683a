using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace DeferredOrleans.InteropTests;

/// <summary>
/// Duende.IdentityModel against the server process: CIBA, a DTR deferral collected by the CIBA token request (the
/// <c>auth_req_id</c> alias), authorization code with PKCE, token exchange with a deferral, and refresh rotation.
/// Endpoints come from the library's discovery client, which validates the issuer and the endpoints' authority.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class DuendeInteropTests(InteropServer server) : IDisposable
{
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Process.Address };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Ciba_HintedUserApproves_BackchannelTokenRequestGetsTheIdToken()
    {
        var disco = await DiscoverAsync();

        var started = await _http.RequestBackchannelAuthenticationAsync(new BackchannelAuthenticationRequest
        {
            Address = disco.BackchannelAuthenticationEndpoint,
            ClientId = Party.Ciba.Id,
            ClientSecret = Party.Ciba.Secret,
            Scope = "openid read",
            LoginHint = Party.Erin.Id,
            BindingMessage = "duende-7",
        });
        Assert.False(started.IsError, started.Raw);
        Assert.Equal(1, started.Interval);
        var (token, seen) = await Poller.PollAsync(
            () => _http.RequestBackchannelAuthenticationTokenAsync(CibaTokenRequest(disco, Party.Ciba, started.AuthenticationRequestId!)),
            started.Interval!.Value,
            () => Approvals.ApproveAsync(_http, started.AuthenticationRequestId!, Party.Erin));

        Assert.False(token.IsError, token.Raw);
        Assert.Equal(["authorization_pending"], seen);
        var id = Jwt.Payload(token.IdentityToken!);
        Assert.Equal(server.Issuer, id.GetProperty("iss").GetString());
        Assert.Equal("erin", id.GetProperty("sub").GetString());
        Assert.Equal("ciba", id.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task ClientCredentials_DeferredThenCollectedByTheCibaTokenRequest_YieldsTheTokenOnce()
    {
        var disco = await DiscoverAsync();
        var deferred = await AgentTokenAsync(disco, "approve:me", deferred: true);
        Assert.Equal(HttpStatusCode.BadRequest, deferred.HttpStatusCode);
        Assert.Equal("authorization_pending", deferred.Error);
        var authReqId = deferred.TryGet("auth_req_id")!;
        Assert.Equal(deferred.TryGet("deferral_code"), authReqId);
        var poll = CibaTokenRequest(disco, Party.Agent, authReqId);

        var (token, seen) = await Poller.PollAsync(
            () => _http.RequestBackchannelAuthenticationTokenAsync(poll), Poller.Interval(deferred), () => Approvals.ApproveAsync(_http, authReqId, Party.Approver));

        Assert.False(token.IsError, token.Raw);
        Assert.Equal(["authorization_pending"], seen);
        Assert.Equal("approve:me", token.Scope);
        Assert.Equal("approve-me", Jwt.Payload(token.AccessToken!).GetProperty("approval").GetProperty("rule").GetString());
        await PollInterval.WaitAsync(Poller.Interval(deferred));
        Assert.Equal("invalid_grant", (await _http.RequestBackchannelAuthenticationTokenAsync(poll)).Error);
    }

    [Fact]
    public async Task AuthorizationCode_WithPkceThroughTheForms_IssuesIdAndRefreshTokens()
    {
        var disco = await DiscoverAsync();

        var (token, nonce) = await CodeFlowAsync(disco);

        Assert.False(token.IsError, token.Raw);
        Assert.Equal("openid read", token.Scope);
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        var id = Jwt.Payload(token.IdentityToken!);
        Assert.Equal("erin", id.GetProperty("sub").GetString());
        Assert.Equal("web", id.GetProperty("aud").GetString());
        Assert.Equal(nonce, id.GetProperty("nonce").GetString());
        Assert.Equal("erin", Jwt.Payload(token.AccessToken!).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task TokenExchange_DeferredThenApproved_IssuesAnActingAccessToken()
    {
        var disco = await DiscoverAsync();
        // For exchange at this server (its issuer as the audience), so the exchanging client may present it.
        var subject = await AgentTokenAsync(disco, "read", resource: server.Issuer);
        Assert.False(subject.IsError, subject.Raw);

        var deferred = await _http.RequestTokenExchangeTokenAsync(new TokenExchangeTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = Party.Exchanger.Id,
            ClientSecret = Party.Exchanger.Secret,
            SubjectToken = subject.AccessToken!,
            SubjectTokenType = AccessTokenType,
            Scope = "approve:me",
            Parameters = { { "completion_mode", "deferred" } },
        });
        Assert.Equal("authorization_pending", deferred.Error);
        var code = deferred.TryGet("deferral_code")!;
        await Approvals.ApproveAsync(_http, code, Party.Approver);
        var (token, seen) = await Poller.PollAsync(
            () => _http.RequestTokenAsync(new TokenRequest
            {
                Address = disco.TokenEndpoint,
                GrantType = "urn:ietf:params:oauth:grant-type:deferred",
                ClientId = Party.Exchanger.Id,
                ClientSecret = Party.Exchanger.Secret,
                Parameters = { { "deferral_code", code } },
            }),
            Poller.Interval(deferred));

        Assert.False(token.IsError, token.Raw);
        Assert.Empty(seen);
        Assert.Equal(AccessTokenType, token.IssuedTokenType);
        var claims = Jwt.Payload(token.AccessToken!);
        Assert.Equal("agent", claims.GetProperty("sub").GetString());
        Assert.Equal("exchanger", claims.GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task RefreshToken_Rotated_OldTokenIsInvalidGrant()
    {
        var disco = await DiscoverAsync();
        var (first, _) = await CodeFlowAsync(disco);
        Assert.False(first.IsError, first.Raw);
        RefreshTokenRequest Refresh(string token) => new()
        {
            Address = disco.TokenEndpoint, ClientId = Party.Web.Id, ClientSecret = Party.Web.Secret, RefreshToken = token,
        };

        var second = await _http.RequestRefreshTokenAsync(Refresh(first.RefreshToken!));
        var reused = await _http.RequestRefreshTokenAsync(Refresh(first.RefreshToken!));

        Assert.False(second.IsError, second.Raw);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal("erin", Jwt.Payload(second.AccessToken!).GetProperty("sub").GetString());
        Assert.Equal("invalid_grant", reused.Error);
    }

    [Fact]
    public async Task RefreshToken_RevokedByTheRevocationClient_IsInvalidGrant()
    {
        var disco = await DiscoverAsync();
        var (first, _) = await CodeFlowAsync(disco);
        Assert.False(first.IsError, first.Raw);

        var revoked = await _http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = disco.RevocationEndpoint, ClientId = Party.Web.Id, ClientSecret = Party.Web.Secret,
            Token = first.RefreshToken!, TokenTypeHint = OidcConstants.TokenTypes.RefreshToken,
        });
        var refresh = await _http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = disco.TokenEndpoint, ClientId = Party.Web.Id, ClientSecret = Party.Web.Secret, RefreshToken = first.RefreshToken!,
        });

        Assert.False(revoked.IsError, revoked.Error);
        Assert.Equal("invalid_grant", refresh.Error);
    }

    private async Task<DiscoveryDocumentResponse> DiscoverAsync()
    {
        // Plain http is allowed on loopback by the library's default policy (AllowHttpOnLoopback).
        var disco = await _http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = server.Issuer });
        Assert.False(disco.IsError, disco.Error);
        Assert.True(disco.TryGetBoolean("deferred_token_response_supported"));
        return disco;
    }

    /// <summary>The library's authorize URL (PKCE S256, state, nonce), the forms, then its authorization code token request.</summary>
    private async Task<(TokenResponse Token, string Nonce)> CodeFlowAsync(DiscoveryDocumentResponse disco)
    {
        var verifier = CryptoRandom.CreateUniqueId(32);
        var state = CryptoRandom.CreateUniqueId(16);
        var nonce = CryptoRandom.CreateUniqueId(16);
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var url = new RequestUrl(disco.AuthorizeEndpoint!).CreateAuthorizeUrl(
            clientId: Party.Web.Id, responseType: OidcConstants.ResponseTypes.Code, scope: "openid read", redirectUri: Party.RedirectUri,
            state: state, nonce: nonce, codeChallenge: challenge, codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256);

        var callback = new AuthorizeResponse((await AuthorizeForms.SignInAndConsentAsync(_http, new Uri(url), Party.Erin)).ToString());

        Assert.False(callback.IsError, callback.Error);
        Assert.Equal(state, callback.State);
        Assert.Equal(server.Issuer, callback.Issuer);
        var token = await _http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = Party.Web.Id,
            ClientSecret = Party.Web.Secret,
            Code = callback.Code!,
            RedirectUri = Party.RedirectUri,
            CodeVerifier = verifier,
        });
        return (token, nonce);
    }

    /// <summary>A client_credentials request of the agent, with <c>completion_mode=deferred</c> when <paramref name="deferred"/>.</summary>
    private Task<TokenResponse> AgentTokenAsync(DiscoveryDocumentResponse disco, string scope, bool deferred = false, string? resource = null)
    {
        var request = new ClientCredentialsTokenRequest { Address = disco.TokenEndpoint, ClientId = Party.Agent.Id, ClientSecret = Party.Agent.Secret, Scope = scope };
        if (deferred)
        {
            request.Parameters.Add("completion_mode", "deferred");
        }

        if (resource is not null)
        {
            request.Resource.Add(resource);
        }

        return _http.RequestClientCredentialsTokenAsync(request);
    }

    /// <summary>The CIBA token request (CIBA §10.1) with which <paramref name="client"/> collects <paramref name="authReqId"/>.</summary>
    private static BackchannelAuthenticationTokenRequest CibaTokenRequest(DiscoveryDocumentResponse disco, Party client, string authReqId) => new()
    {
        Address = disco.TokenEndpoint, ClientId = client.Id, ClientSecret = client.Secret, AuthenticationRequestId = authReqId,
    };
}
