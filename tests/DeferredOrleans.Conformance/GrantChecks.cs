using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Checks 42 to 49 of docs/conformance.md, "Per-grant behaviour" (50 is in <see cref="StartupRefusalChecks"/>).
/// Subject and actor tokens and assertions come from the trusted issuer of conformance.json.
/// </summary>
[Collection(HttpsServerCollection.Name)]
public sealed class GrantChecks(HttpsConformanceServer server) : IDisposable
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private readonly DtrClient _client = server.CreateClient();

    [Fact]
    public async Task Check42_DeferredAuthorizationCode_IsConsumedAtDeferral()
    {
        var (code, verifier) = await AuthorizationCodeFlow.AuthorizeAsync(_client, "approve:me");

        var deferred = await AuthorizationCodeFlow.RedeemAsync(_client, code, verifier, ("completion_mode", "deferred"));
        var again = await AuthorizationCodeFlow.RedeemAsync(_client, code, verifier, ("completion_mode", "deferred"));
        var againWithoutOptIn = await AuthorizationCodeFlow.RedeemAsync(_client, code, verifier);

        Wire.AssertError(deferred, "authorization_pending");
        Wire.AssertError(again, "invalid_grant");
        Wire.AssertError(againWithoutOptIn, "invalid_grant");
        var deferral = new Deferral(deferred);
        await _client.ApproveAsync(deferral.Code);
        Assert.Equal(Credentials.Subject, Wire.AccessTokenClaims(await _client.PollAsync(Credentials.Web, deferral)).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Check43_DeferralHintAtAuthorize_TokenRequestWithoutItIsInvalidRequest()
    {
        var (code, verifier) = await AuthorizationCodeFlow.AuthorizeAsync(_client, "approve:me", completionMode: "deferred");

        var without = await AuthorizationCodeFlow.RedeemAsync(_client, code, verifier);

        Wire.AssertError(without, "invalid_request");
        Assert.False(without.Has("deferral_code"));
    }

    [Fact]
    public async Task Check44_DeferredRefresh_SuspendsTheOldTokenAndRotatesOnApproval()
    {
        var (code, verifier) = await AuthorizationCodeFlow.AuthorizeAsync(_client, "approve:onrefresh");
        var issued = await AuthorizationCodeFlow.RedeemAsync(_client, code, verifier);
        Wire.AssertToken(issued);
        var refreshToken = issued.String("refresh_token")!;

        var deferred = await RefreshAsync(refreshToken, ("completion_mode", "deferred"));
        var whilePending = await RefreshAsync(refreshToken, ("completion_mode", "deferred"));

        Wire.AssertError(deferred, "authorization_pending");
        Wire.AssertError(whilePending, "invalid_grant");
        var deferral = new Deferral(deferred);
        await _client.ApproveAsync(deferral.Code);
        var token = await _client.PollAsync(Credentials.Web, deferral);
        Wire.AssertToken(token);
        var rotated = token.String("refresh_token");
        Assert.False(string.IsNullOrEmpty(rotated));
        Assert.NotEqual(refreshToken, rotated);
        // The rotated token is alive (the policy defers its use again rather than refusing it); the old one is dead.
        // In this order: presenting the old token again is reuse, which revokes the whole family (RFC 9700 §4.14.2).
        Wire.AssertError(await RefreshAsync(rotated!, ("completion_mode", "deferred")), "authorization_pending");
        Wire.AssertError(await RefreshAsync(refreshToken), "invalid_grant");
    }

    [Fact]
    public async Task Check45_DeferredTokenExchange_IssuesTheAccessTokenTypeNeverTheDeferralCodeType()
    {
        var subject = Credentials.Idp.Token(Credentials.Subject, server.Issuer, TimeSpan.FromMinutes(30));

        var deferred = await _client.TokenAsync(Credentials.Exchanger, ("grant_type", TokenExchange), ("subject_token", subject),
            ("subject_token_type", AccessTokenType), ("scope", "approve:me"), ("completion_mode", "deferred"));
        Wire.AssertError(deferred, "authorization_pending");
        var deferral = new Deferral(deferred);
        await _client.ApproveAsync(deferral.Code);
        var token = await _client.PollAsync(Credentials.Exchanger, deferral);

        Wire.AssertToken(token);
        Assert.Equal(AccessTokenType, token.String("issued_token_type"));
        Assert.NotEqual(DtrClient.DeferralCodeType, token.String("issued_token_type"));
        Assert.Equal(Credentials.Subject, Wire.AccessTokenClaims(token).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Check46_DeferredExchangeWithActorToken_ActIsTheExchangerThenTheAgentThenPriorActors()
    {
        var subject = Credentials.Idp.Token(Credentials.Subject, server.Issuer, TimeSpan.FromMinutes(30),
            new() { ["act"] = new Dictionary<string, object> { ["sub"] = "first-agent" } });
        var actor = Credentials.Idp.Token("agent-7", server.Issuer, TimeSpan.FromMinutes(30));

        var deferred = await _client.TokenAsync(Credentials.Exchanger, ("grant_type", TokenExchange), ("subject_token", subject),
            ("subject_token_type", AccessTokenType), ("actor_token", actor), ("actor_token_type", AccessTokenType),
            ("scope", "approve:me"), ("completion_mode", "deferred"));
        var deferral = new Deferral(deferred);
        await _client.ApproveAsync(deferral.Code);
        var claims = Wire.AccessTokenClaims(await _client.PollAsync(Credentials.Exchanger, deferral));

        Assert.Equal(Credentials.Subject, claims.GetProperty("sub").GetString());
        var act = claims.GetProperty("act");
        Assert.Equal(Credentials.Exchanger, act.GetProperty("sub").GetString());
        Assert.Equal("agent-7", act.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("first-agent", act.GetProperty("act").GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Check47_JwtBearerAssertionReplayed_IsInvalidGrantWhilePendingAndAfter()
    {
        var assertion = Credentials.Idp.Token(Credentials.Subject, $"{server.Issuer}/token", TimeSpan.FromMinutes(30));

        var deferred = await JwtBearerAsync(assertion);
        var replayWhilePending = await JwtBearerAsync(assertion);

        Wire.AssertError(deferred, "authorization_pending");
        Wire.AssertError(replayWhilePending, "invalid_grant");
        var deferral = new Deferral(deferred);
        await _client.ApproveAsync(deferral.Code);
        Assert.Equal(Credentials.Subject, Wire.AccessTokenClaims(await _client.PollAsync(Credentials.Exchanger, deferral)).GetProperty("sub").GetString());
        Wire.AssertError(await JwtBearerAsync(assertion), "invalid_grant");

        // The implemented choice (this project's reading of draft-ietf-oauth-deferred-token-response-01 §11.7): a
        // deferral never outlives its assertion. Its lifetime is capped at the assertion's remaining lifetime, so
        // when the assertion's exp passes before the client collects, even an approved request ends in expired_token,
        // never in a token or a surprise denial.
        var shortLived = await JwtBearerAsync(Credentials.Idp.Token(Credentials.Subject, $"{server.Issuer}/token", TimeSpan.FromSeconds(5)));
        Wire.AssertError(shortLived, "authorization_pending");
        var capped = new Deferral(shortLived);
        Assert.InRange(capped.ExpiresIn, 2, 5);
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync(capped.Code)).Status);
        await Task.Delay(TimeSpan.FromSeconds(capped.ExpiresIn + 1));
        Wire.AssertError(await _client.PollAsync(Credentials.Exchanger, capped), "expired_token");
    }

    [Fact]
    public async Task Check48_Ciba_PendingThenApprovedByTheHintedUserWithIdTokenThenSpent()
    {
        var start = await CibaAsync(("scope", "openid read"), ("login_hint", Credentials.Subject), ("binding_message", "W4SCT"));

        Assert.Equal(HttpStatusCode.OK, start.Status);
        var authReqId = start.String("auth_req_id")!;
        Assert.Matches(Wire.CodeShape(), authReqId);
        Assert.True(start.Json.GetProperty("expires_in").GetInt32() > 0);
        var interval = start.Json.GetProperty("interval").GetInt32();
        Assert.True(interval > 0);

        await PollInterval.WaitAsync(interval);
        Wire.AssertError(await PollCibaAsync(authReqId), "authorization_pending");
        // CIBA Core §7.1: the hinted user consents; the policy allows openid and read, so nobody else is asked.
        Assert.Equal(HttpStatusCode.NotFound, (await _client.ApproveAsync(authReqId, approver: Credentials.Approver)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync(authReqId, approver: Credentials.Subject)).Status);
        await PollInterval.WaitAsync(interval);
        var token = await PollCibaAsync(authReqId);
        await PollInterval.WaitAsync(interval);
        var reuse = await PollCibaAsync(authReqId);

        Wire.AssertToken(token);
        var idToken = Jwt.Payload(token.String("id_token")!);
        Assert.Equal(Credentials.Subject, idToken.GetProperty("sub").GetString());
        Assert.Equal(Credentials.Ciba, idToken.GetProperty("aud").ValueKind == System.Text.Json.JsonValueKind.Array
            ? idToken.GetProperty("aud")[0].GetString()
            : idToken.GetProperty("aud").GetString());
        Wire.AssertError(reuse, "invalid_grant");
    }

    [Fact]
    public async Task Check49_CibaWithTwoHintsOrWithoutOpenid_IsRefused()
    {
        var twoHints = await CibaAsync(("scope", "openid read"), ("login_hint", Credentials.Subject), ("id_token_hint", "eyJhbGciOiJub25lIn0.e30."));
        var noOpenid = await CibaAsync(("scope", "read"), ("login_hint", Credentials.Subject));

        Wire.AssertError(twoHints, "invalid_request");
        Assert.Contains(noOpenid.Error, new[] { "invalid_request", "invalid_scope" });
        Wire.AssertError(noOpenid, noOpenid.Error!);
        Assert.False(twoHints.Has("auth_req_id") || noOpenid.Has("auth_req_id"));
    }

    public void Dispose() => _client.Dispose();

    private Task<Reply> RefreshAsync(string refreshToken, params (string Name, string Value)[] extra) =>
        _client.TokenAsync(Credentials.Web, [("grant_type", "refresh_token"), ("refresh_token", refreshToken), .. extra]);

    private Task<Reply> JwtBearerAsync(string assertion) =>
        _client.TokenAsync(Credentials.Exchanger, ("grant_type", JwtBearer), ("assertion", assertion), ("scope", "approve:me"), ("completion_mode", "deferred"));

    private Task<Reply> CibaAsync(params (string Name, string Value)[] form) => _client.PostFormAsync("/bc-authorize", Credentials.Basic(Credentials.Ciba), form);

    private Task<Reply> PollCibaAsync(string authReqId) =>
        _client.TokenAsync(Credentials.Ciba, ("grant_type", DtrClient.CibaGrant), ("auth_req_id", authReqId));
}
