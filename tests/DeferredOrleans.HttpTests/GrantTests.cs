using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>Every grant, each deferrable by policy: checks 42-49 of docs/conformance.md and the grants' own rules.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class GrantTests(GatewayFactory factory)
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string Sensitive = "https://sensitive.example/api";

    private readonly OAuthTestClient _client = new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), factory.Time);

    private DateTimeOffset Now => _client.Time.GetUtcNow();

    [Fact]
    public async Task Check45_TokenExchangeDeferredThenApproved_IssuesAnAccessTokenType()
    {
        var subject = UserToken("erin", TimeSpan.FromHours(1));

        var deferred = await _client.TokenAsync("exchanger", ("grant_type", TokenExchange), ("subject_token", subject), ("subject_token_type", AccessTokenType),
            ("resource", Sensitive), ("scope", "read"), ("completion_mode", "deferred"));
        DtrConformanceTests.AssertError(deferred, "authorization_pending");
        var token = await ApproveAndPollAsync("exchanger", deferred);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(AccessTokenType, token.Json.GetProperty("issued_token_type").GetString());
        var claims = Claims(token);
        Assert.Equal("erin", claims.GetProperty("sub").GetString());
        Assert.Equal(Sensitive, claims.GetProperty("aud").GetString());
        Assert.Equal("exchanger", claims.GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Check46_ActorToken_NestsBehindTheExchangingClientWithPriorActorsInside()
    {
        var subject = UserToken("erin", TimeSpan.FromHours(1), new() { ["act"] = new Dictionary<string, object> { ["sub"] = "first-agent" } });
        var actor = UserToken("second-agent", TimeSpan.FromHours(1));

        var token = await _client.TokenAsync("exchanger", ("grant_type", TokenExchange), ("subject_token", subject), ("subject_token_type", AccessTokenType),
            ("actor_token", actor), ("actor_token_type", AccessTokenType), ("scope", "read"));

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(AccessTokenType, token.Json.GetProperty("issued_token_type").GetString());
        var act = Claims(token).GetProperty("act");
        Assert.Equal("exchanger", act.GetProperty("sub").GetString());
        Assert.Equal("second-agent", act.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("first-agent", act.GetProperty("act").GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task TokenExchange_OwnAccessTokenAsSubject_Works()
    {
        // Requested for exchange at this server (its issuer as the audience), so another client may present it.
        var own = (await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"), ("resource", "http://localhost"))).Json.GetProperty("access_token").GetString()!;

        var token = await _client.TokenAsync("exchanger", ("grant_type", TokenExchange), ("subject_token", own), ("subject_token_type", AccessTokenType), ("scope", "read"));

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("c1", Claims(token).GetProperty("sub").GetString());
    }

    [Theory]
    [InlineData("forged", AccessTokenType, null, "invalid_grant")]
    [InlineData(null, "urn:example:unknown", null, "invalid_request")]
    [InlineData(null, AccessTokenType, "not a uri", "invalid_target")]
    public async Task TokenExchange_BadInput_IsRefused(string? subjectToken, string type, string? audience, string error)
    {
        var form = new List<(string, string)> { ("grant_type", TokenExchange), ("subject_token", subjectToken ?? UserToken("erin", TimeSpan.FromHours(1))), ("subject_token_type", type), ("scope", "read") };
        if (audience is not null)
        {
            form.Add(("audience", audience));
        }

        DtrConformanceTests.AssertError(await _client.TokenAsync("exchanger", [.. form]), error);
    }

    [Fact]
    public async Task TokenExchange_SubjectTokenExpiresWhileDeferred_DeferralEndsWithIt()
    {
        var subject = UserToken("erin", TimeSpan.FromSeconds(60));

        var deferred = await _client.TokenAsync("exchanger", ("grant_type", TokenExchange), ("subject_token", subject), ("subject_token_type", AccessTokenType),
            ("resource", Sensitive), ("scope", "read"), ("completion_mode", "deferred"));

        Assert.InRange(deferred.Json.GetProperty("expires_in").GetInt32(), 55, 60);
        var code = deferred.Json.GetProperty("deferral_code").GetString()!;
        await _client.ApproveAsync("approver", code);
        DtrConformanceTests.AssertError(await _client.PollAsync("exchanger", code, waitSeconds: 61), "expired_token");
    }

    [Fact]
    public async Task Check47_JwtBearerAssertionReplayed_IsInvalidGrantWhilePendingAndAfter()
    {
        var assertion = UserToken("erin", TimeSpan.FromMinutes(30));

        var deferred = await _client.TokenAsync("exchanger", ("grant_type", JwtBearer), ("assertion", assertion), ("scope", "approve:me"), ("completion_mode", "deferred"));
        var replay = await _client.TokenAsync("exchanger", ("grant_type", JwtBearer), ("assertion", assertion), ("scope", "approve:me"), ("completion_mode", "deferred"));

        DtrConformanceTests.AssertError(deferred, "authorization_pending");
        DtrConformanceTests.AssertError(replay, "invalid_grant");
        Assert.InRange(deferred.Json.GetProperty("expires_in").GetInt32(), 590, 600);
        var token = await ApproveAndPollAsync("exchanger", deferred);
        Assert.Equal("erin", Claims(token).GetProperty("sub").GetString());
        DtrConformanceTests.AssertError(await _client.TokenAsync("exchanger", ("grant_type", JwtBearer), ("assertion", assertion), ("scope", "read")), "invalid_grant");
    }

    [Fact]
    public async Task JwtBearer_AssertionExpiringSoonerThanTheDeferral_CapsItsLifetime()
    {
        var assertion = UserToken("erin", TimeSpan.FromSeconds(90));

        var deferred = await _client.TokenAsync("exchanger", ("grant_type", JwtBearer), ("assertion", assertion), ("scope", "approve:me"), ("completion_mode", "deferred"));

        Assert.InRange(deferred.Json.GetProperty("expires_in").GetInt32(), 85, 90);
    }

    [Theory]
    [InlineData("aud", "https://someone-else.example")]
    [InlineData("exp", "past")]
    [InlineData("sub", "")]
    public async Task JwtBearer_InvalidAssertion_IsInvalidGrant(string claim, string value)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "erin", ["aud"] = "http://localhost/token", ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N"),
        };
        claims[claim] = value == "past" ? Now.AddMinutes(-5).ToUnixTimeSeconds() : value;

        var reply = await _client.TokenAsync("exchanger", ("grant_type", JwtBearer), ("assertion", TestServerIdp.Idp.Token(claims)), ("scope", "read"));

        DtrConformanceTests.AssertError(reply, "invalid_grant");
    }

    [Fact]
    public async Task AuthorizationCode_WithPkce_IssuesAccessRefreshAndIdTokens()
    {
        var (code, verifier, state) = await AuthorizeAsync("openid read", nonce: "n-0S6_WzA2Mj");

        var token = await RedeemAsync(code, verifier);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.False(string.IsNullOrEmpty(state));
        Assert.True(token.Has("refresh_token"));
        Assert.True(token.Json.GetProperty("refresh_token_timeout").GetInt32() > 0);
        Assert.True(token.Json.GetProperty("authorization_expires_in").GetInt32() > 0);
        Assert.Equal(token.Json.GetProperty("authorization_expires_in").GetInt32(), token.Json.GetProperty("refresh_token_expires_in").GetInt32());
        var id = Jwt.Payload(token.Json.GetProperty("id_token").GetString()!);
        Assert.Equal("erin", id.GetProperty("sub").GetString());
        Assert.Equal("web", id.GetProperty("aud").GetString());
        Assert.Equal("n-0S6_WzA2Mj", id.GetProperty("nonce").GetString());
        Assert.Equal("erin", Claims(token).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task AuthorizationCode_WrongVerifierOrRedirect_IsInvalidGrantAndSpendsTheCode()
    {
        var (code, verifier, _) = await AuthorizeAsync("read");

        var wrong = await RedeemAsync(code, verifier + "x");
        var right = await RedeemAsync(code, verifier);

        DtrConformanceTests.AssertError(wrong, "invalid_grant");
        DtrConformanceTests.AssertError(right, "invalid_grant");
    }

    [Fact]
    public async Task Check42_DeferredAuthorizationCode_IsConsumedAtDeferral()
    {
        var (code, verifier, _) = await AuthorizeAsync("approve:me");

        var deferred = await RedeemAsync(code, verifier, ("completion_mode", "deferred"));
        var replay = await RedeemAsync(code, verifier, ("completion_mode", "deferred"));

        DtrConformanceTests.AssertError(deferred, "authorization_pending");
        DtrConformanceTests.AssertError(replay, "invalid_grant");
        var token = await ApproveAndPollAsync("web", deferred);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("erin", Claims(token).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Check43_DeferralHintAtAuthorize_ObligesTheTokenRequest()
    {
        var (code, verifier, _) = await AuthorizeAsync("approve:me", completionMode: "deferred");

        var without = await RedeemAsync(code, verifier);
        var with = await RedeemAsync(code, verifier, ("completion_mode", "deferred"));

        DtrConformanceTests.AssertError(without, "invalid_request");
        DtrConformanceTests.AssertError(with, "authorization_pending");
    }

    [Theory]
    [InlineData("redirect_uri", "http://evil.example/cb", HttpStatusCode.BadRequest)]
    [InlineData("client_id", "nobody", HttpStatusCode.BadRequest)]
    [InlineData("code_challenge_method", "plain", HttpStatusCode.Redirect)]
    [InlineData("response_type", "token", HttpStatusCode.Redirect)]
    public async Task Authorize_BadRequest_ShowsOrRedirectsTheError(string parameter, string value, HttpStatusCode expected)
    {
        var parameters = new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = "web", ["redirect_uri"] = "http://localhost/cb", ["scope"] = "read",
            ["state"] = "s1", ["code_challenge"] = Challenge("x".PadRight(43, 'x')), ["code_challenge_method"] = "S256",
        };
        parameters[parameter] = value;
        var query = Query([.. parameters.Select(p => (p.Key, p.Value))]);

        var response = await _client.Http.GetAsync($"/authorize?{query}");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("http://localhost/cb?error=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Contains("state=s1", response.Headers.Location.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Authorize_WrongPassword_ShowsSignInAgain()
    {
        var parameters = AuthorizeParameters("read", Challenge(Verifier()), null, null);

        var response = await _client.Http.PostAsync("/authorize", new FormUrlEncodedContent([.. parameters, new("username", "erin"), new("password", "nope"), new("action", "signin")]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("ticket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_RotatesEveryUseAndReuseRevokesTheFamily()
    {
        var (code, verifier, _) = await AuthorizeAsync("read");
        var first = (await RedeemAsync(code, verifier)).Json.GetProperty("refresh_token").GetString()!;

        var second = await RefreshAsync(first);
        var secondToken = second.Json.GetProperty("refresh_token").GetString()!;
        var reuse = await RefreshAsync(first);
        var afterReuse = await RefreshAsync(secondToken);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotEqual(first, secondToken);
        Assert.True(second.Has("refresh_token_timeout") && second.Has("authorization_expires_in"));
        DtrConformanceTests.AssertError(reuse, "invalid_grant");
        DtrConformanceTests.AssertError(afterReuse, "invalid_grant");
    }

    [Fact]
    public async Task Refresh_WiderScope_IsInvalidScope()
    {
        var (code, verifier, _) = await AuthorizeAsync("read");
        var refresh = (await RedeemAsync(code, verifier)).Json.GetProperty("refresh_token").GetString()!;

        DtrConformanceTests.AssertError(await RefreshAsync(refresh, ("scope", "read approve:me")), "invalid_scope");
    }

    [Fact]
    public async Task Check44_DeferredRefresh_SuspendsTheOldTokenAndRotatesOnApproval()
    {
        var (code, verifier, _) = await AuthorizeAsync("approve:onrefresh");
        var refresh = (await RedeemAsync(code, verifier)).Json.GetProperty("refresh_token").GetString()!;

        var deferred = await RefreshAsync(refresh, ("completion_mode", "deferred"));
        var whilePending = await RefreshAsync(refresh, ("completion_mode", "deferred"));

        DtrConformanceTests.AssertError(deferred, "authorization_pending");
        DtrConformanceTests.AssertError(whilePending, "invalid_grant");
        var token = await ApproveAndPollAsync("web", deferred);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var rotated = token.Json.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(refresh, rotated);
        DtrConformanceTests.AssertError(await RefreshAsync(refresh), "invalid_grant");
    }

    [Fact]
    public async Task Check48_Ciba_PendingThenApprovedByTheHintedUserWithAnIdToken()
    {
        var start = await CibaAsync("ciba", ("scope", "openid read"), ("login_hint", "erin"), ("binding_message", "W4SCT"));

        Assert.Equal(HttpStatusCode.OK, start.Status);
        var authReqId = start.Json.GetProperty("auth_req_id").GetString()!;
        Assert.True(start.Json.GetProperty("expires_in").GetInt32() > 0);
        Assert.Equal(5, start.Json.GetProperty("interval").GetInt32());
        DtrConformanceTests.AssertError(await PollCibaAsync("ciba", authReqId), "authorization_pending");

        var inbox = await _client.InboxAsync("erin", "?limit=200");
        Assert.Contains(inbox.Json.GetProperty("items").EnumerateArray(), i => i.TryGetProperty("binding_message", out var m) && m.GetString() == "W4SCT");
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync("erin", authReqId)).Status);
        var token = await PollCibaAsync("ciba", authReqId);
        var reuse = await PollCibaAsync("ciba", authReqId);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("erin", Jwt.Payload(token.Json.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());
        DtrConformanceTests.AssertError(reuse, "invalid_grant");
    }

    [Theory]
    [InlineData("openid read", "erin", true, "invalid_request")]
    [InlineData("read", "erin", false, "invalid_scope")]
    [InlineData("openid read", "nobody", false, "unknown_user_id")]
    public async Task Check49_CibaBadRequest_IsRefused(string scope, string loginHint, bool twoHints, string error)
    {
        var form = new List<(string, string)> { ("scope", scope), ("login_hint", loginHint) };
        if (twoHints)
        {
            form.Add(("id_token_hint", "eyJhbGciOiJub25lIn0.e30."));
        }

        DtrConformanceTests.AssertError(await CibaAsync("ciba", [.. form]), error);
    }

    [Theory]
    [InlineData(null, "missing_user_code")]
    [InlineData("", "missing_user_code")]
    [InlineData("1234", "invalid_user_code")]
    public async Task CibaUserCode_MissingOrWrong_IsRefused(string? userCode, string error)
    {
        (string, string)[] form = userCode is null
            ? [("scope", "openid read"), ("login_hint", "erin")]
            : [("scope", "openid read"), ("login_hint", "erin"), ("user_code", userCode)];

        var reply = await CibaAsync("ciba-uc", form);

        DtrConformanceTests.AssertError(reply, error);
        Assert.DoesNotContain("1234", reply.Description ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CibaUserCode_UserWithoutOne_IsRefused()
    {
        DtrConformanceTests.AssertError(await CibaAsync("ciba-uc", ("scope", "openid read"), ("login_hint", "bob"), ("user_code", "4711")), "invalid_user_code");
    }

    [Fact]
    public async Task CibaUserCode_TheUsersCode_StartsTheRequest()
    {
        var start = await CibaAsync("ciba-uc", ("scope", "openid read"), ("login_hint", "erin"), ("user_code", "4711"));

        Assert.Equal(HttpStatusCode.OK, start.Status);
        Assert.True(start.Has("auth_req_id"), start.Body);
    }

    [Fact]
    public async Task CibaGrant_AlsoPollsDtrDeferrals()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.ApproveAsync("approver", code);

        var token = await PollCibaAsync("c1", code);

        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Fact]
    public async Task CibaPing_NotifiesTheClientWithTheAuthReqId()
    {
        var bearer = "ping-token-0123456789abcdefghijklmn";
        var start = await CibaAsync("ciba-ping", ("scope", "openid read"), ("login_hint", "erin"), ("client_notification_token", bearer));
        var authReqId = start.Json.GetProperty("auth_req_id").GetString()!;

        await _client.ApproveAsync("erin", authReqId);

        await factory.Callbacks.WaitForAsync(authReqId, TimeSpan.FromSeconds(10));
        var ping = factory.Callbacks.Requests.Single(r => r.Body.Contains(authReqId, StringComparison.Ordinal));
        Assert.Equal($$"""{"auth_req_id":"{{authReqId}}"}""", ping.Body);
        Assert.Equal($"Bearer {bearer}", ping.Authorization);
        Assert.Equal(HttpStatusCode.OK, (await PollCibaAsync("ciba-ping", authReqId)).Status);
    }

    [Fact]
    public async Task Discovery_ListsEveryEndpointAndGrant()
    {
        var reply = await _client.SendAsync(HttpMethod.Get, "/.well-known/openid-configuration", null);

        var grants = reply.Json.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:deferred", JwtBearer, TokenExchange, "urn:openid:params:grant-type:ciba", "urn:openid:params:grant-type:deferred"], grants.Order(StringComparer.Ordinal).Select(g => g!).ToList().Order(StringComparer.Ordinal));
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "revocation_endpoint", "introspection_endpoint", "backchannel_authentication_endpoint", "jwks_uri" })
        {
            Assert.StartsWith("http://localhost/", reply.Json.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("ES256", reply.Json.GetProperty("dpop_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
    }

    private async Task<(string Code, string Verifier, string? State)> AuthorizeAsync(string scope, string? nonce = null, string? completionMode = null)
    {
        var verifier = Verifier();
        var parameters = AuthorizeParameters(scope, Challenge(verifier), nonce, completionMode);
        var page = await _client.Http.GetAsync($"/authorize?{Query([.. parameters.Select(p => (p.Key, p.Value))])}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var signIn = await _client.Http.PostAsync("/authorize", new FormUrlEncodedContent([.. parameters, new("username", "erin"), new("password", "erin-pw"), new("action", "signin")]));
        var html = await signIn.Content.ReadAsStringAsync();
        var ticket = WebUtility.HtmlDecode(TicketField().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(ticket), html);

        var consent = await _client.Http.PostAsync("/authorize", new FormUrlEncodedContent([.. parameters, new("ticket", ticket), new("action", "consent"), new("decision", "allow")]));
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var location = consent.Headers.Location!;
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("http://localhost", query["iss"]);
        return (query["code"]!, verifier, query["state"]);
    }

    private static List<KeyValuePair<string, string>> AuthorizeParameters(string scope, string challenge, string? nonce, string? completionMode)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"), new("client_id", "web"), new("redirect_uri", "http://localhost/cb"), new("scope", scope),
            new("state", Guid.NewGuid().ToString("N")), new("code_challenge", challenge), new("code_challenge_method", "S256"),
        };
        if (nonce is not null)
        {
            parameters.Add(new("nonce", nonce));
        }

        if (completionMode is not null)
        {
            parameters.Add(new("completion_mode", completionMode));
        }

        return parameters;
    }

    /// <summary>A token from the IdP about a user, for this server (<c>aud</c> http://localhost), issued now on the fake clock.</summary>
    private string UserToken(string subject, TimeSpan lifetime, Dictionary<string, object>? extra = null) =>
        TestServerIdp.UserToken(subject, Now, lifetime, extra);

    /// <summary>The approver approves the deferral of a deferred response; then the client polls after the interval.</summary>
    private async Task<Reply> ApproveAndPollAsync(string client, Reply deferred)
    {
        var code = deferred.Json.GetProperty("deferral_code").GetString()!;
        await _client.ApproveAsync("approver", code);
        return await _client.PollAsync(client, code);
    }

    private Task<Reply> RedeemAsync(string code, string verifier, params (string Name, string Value)[] extra) =>
        _client.TokenAsync("web", [("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier), ("redirect_uri", "http://localhost/cb"), .. extra]);

    private Task<Reply> RefreshAsync(string refreshToken, params (string Name, string Value)[] extra)
    {
        _client.Time.Advance(TimeSpan.FromSeconds(1));
        return _client.TokenAsync("web", [("grant_type", "refresh_token"), ("refresh_token", refreshToken), .. extra]);
    }

    private Task<Reply> CibaAsync(string client, params (string Name, string Value)[] form) =>
        _client.SendAsync(HttpMethod.Post, "/bc-authorize", OAuthTestClient.Basic(client, OAuthTestClient.SecretOf(client)), new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    private Task<Reply> PollCibaAsync(string client, string authReqId)
    {
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        return _client.TokenAsync(client, ("grant_type", "urn:openid:params:grant-type:ciba"), ("auth_req_id", authReqId));
    }

    private static string Verifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Query(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));

    private static JsonElement Claims(Reply token)
    {
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        return Jwt.Payload(token.Json.GetProperty("access_token").GetString()!);
    }

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketField();
}
