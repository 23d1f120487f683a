using System.Net;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Checks of docs/conformance.md beyond the spine: poll abuse, cancellation, interaction, DPoP, callbacks,
/// narrowing. Same fixture and conventions as <see cref="DtrConformanceTests"/>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DtrExtendedTests(GatewayFactory factory)
{
    private const string TokenUrl = "http://localhost/token";
    private const string RevokeUrl = "http://localhost/revoke";
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Check22_PollingWithoutPause_KillsTheCode()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var replies = new List<Reply>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(await _client.PollAsync("c1", code, waitSeconds: 0));
        }

        Assert.Equal(["slow_down", "slow_down", "slow_down", "invalid_request"], replies.Select(r => r.Error));
        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code, waitSeconds: 60), "invalid_request");
        await _client.ApproveAsync("approver", code);
        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code, waitSeconds: 60), "invalid_request");
    }

    [Fact]
    public async Task Check34_RevokedCode_PollsGetAccessDenied()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var revoke = await RevokeAsync("c1", code, "urn:ietf:params:oauth:token-type:deferral-code");

        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Assert.Equal("no-store", revoke.CacheControl);
        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code), "access_denied");
        Assert.Equal(HttpStatusCode.Conflict, (await _client.ApproveAsync("approver", code)).Status);
    }

    [Fact]
    public async Task Check35_UnknownCodeOrOtherClientsCode_200AndNoChange()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync("c1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).Status);
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync("c2", code)).Status);
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync("c1", "garbage")).Status);
        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code), "authorization_pending");
    }

    [Fact]
    public async Task Check36_RevokeAfterIssuance_LeavesTheTokenValid()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.ApproveAsync("approver", code);
        var token = (await _client.PollAsync("c1", code)).Json.GetProperty("access_token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync("c1", code)).Status);

        Assert.True((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Check37_ApprovedThenRevokedBeforeCollection_NeverIssues()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.ApproveAsync("approver", code);

        await RevokeAsync("c1", code);

        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code), "access_denied");
    }

    [Fact]
    public async Task Revoke_AccessToken_MakesItInactive()
    {
        var token = (await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"))).Json.GetProperty("access_token").GetString()!;

        Assert.True((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync("c2", token)).Status);
        Assert.True((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync("c1", token, "access_token")).Status);
        Assert.False((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspection_DescribesApprovalAndRefusesOtherCallers()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.ApproveAsync("approver", code);
        var token = (await _client.PollAsync("c1", code)).Json.GetProperty("access_token").GetString()!;

        var active = await IntrospectAsync(token);
        var asClient = await _client.SendAsync(HttpMethod.Post, "/introspect", OAuthTestClient.Basic("c2", "c2-secret"), Form(("token", token)));

        Assert.Equal("c1", active.GetProperty("client_id").GetString());
        Assert.Equal("Bearer", active.GetProperty("token_type").GetString());
        Assert.Equal("approve-me", active.GetProperty("approval").GetProperty("rule").GetString());
        Assert.False(asClient.Json.GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync("not-a-token")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Check39To41_InteractionRequired_AlternatesWithPendingAndItsUriIsSingleUse()
    {
        var reply = await _client.TokenAsync("erin-assistant", ("grant_type", "client_credentials"), ("scope", "approve:interaction"), ("completion_mode", "deferred"));

        DtrConformanceTests.AssertError(reply, "interaction_required");
        var code = reply.Json.GetProperty("deferral_code").GetString()!;
        var uri = new Uri(reply.Json.GetProperty("interaction_uri").GetString()!);
        Assert.True(string.IsNullOrEmpty(uri.Fragment));
        Assert.True(reply.Json.GetProperty("expires_in").GetInt32() > 0 && reply.Json.GetProperty("interval").GetInt32() > 0);

        var page = await _client.Http.GetAsync(uri.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var poll = await _client.PollAsync("erin-assistant", code);
        DtrConformanceTests.AssertError(poll, "interaction_required");
        Assert.Equal(uri.ToString(), poll.Json.GetProperty("interaction_uri").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await ConfirmAsync(uri, "erin", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ConfirmAsync(uri, "approver", "approver-pw")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(uri, "erin", "erin-pw")).StatusCode);
        DtrConformanceTests.AssertError(await _client.PollAsync("erin-assistant", code), "authorization_pending");
        Assert.Equal(HttpStatusCode.NotFound, (await ConfirmAsync(uri, "erin", "erin-pw")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Http.GetAsync(uri.PathAndQuery)).StatusCode);

        await _client.ApproveAsync("approver", code);
        Assert.Equal(HttpStatusCode.OK, (await _client.PollAsync("erin-assistant", code)).Status);
    }

    [Fact]
    public async Task InteractionOnly_SubjectsConfirmation_IssuesTheToken()
    {
        var reply = await _client.TokenAsync("erin-assistant", ("grant_type", "client_credentials"), ("scope", "approve:confirm"), ("completion_mode", "deferred"));
        var code = reply.Json.GetProperty("deferral_code").GetString()!;

        await ConfirmAsync(new Uri(reply.Json.GetProperty("interaction_uri").GetString()!), "erin", "erin-pw");
        var token = await _client.PollAsync("erin-assistant", code);

        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Fact]
    public async Task Check51_PublicClientWithoutDpop_IsNotDeferred()
    {
        var reply = await _client.SendAsync(HttpMethod.Post, "/token", null, Form([.. PublicGrant(), ("client_id", "p1"), ("scope", "approve:me"), ("completion_mode", "deferred")]));

        DtrConformanceTests.AssertError(reply, "invalid_request");
        Assert.False(reply.Has("deferral_code"));
    }

    [Fact]
    public async Task Check52To54_DpopBoundDeferral_OnlyTheSameKeyPollsAndTheTokenIsBound()
    {
        using var k1 = new DpopKey();
        using var k2 = new DpopKey();
        var deferred = await PublicAsync(k1.Proof("POST", TokenUrl, Now), [.. PublicGrant(), ("scope", "approve:me"), ("completion_mode", "deferred")]);
        DtrConformanceTests.AssertError(deferred, "authorization_pending");
        var code = deferred.Json.GetProperty("deferral_code").GetString()!;

        _client.Time.Advance(TimeSpan.FromSeconds(5));
        DtrConformanceTests.AssertError(await PollPublicAsync(code, k2.Proof("POST", TokenUrl, Now)), "invalid_dpop_proof");
        DtrConformanceTests.AssertError(await PollPublicAsync(code, null), "invalid_dpop_proof");
        var proof = k1.Proof("POST", TokenUrl, Now);
        DtrConformanceTests.AssertError(await PollPublicAsync(code, proof), "authorization_pending");
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        DtrConformanceTests.AssertError(await PollPublicAsync(code, proof), "invalid_dpop_proof");

        await _client.ApproveAsync("approver", code);
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        var token = await PollPublicAsync(code, k1.Proof("POST", TokenUrl, Now));

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("DPoP", token.Json.GetProperty("token_type").GetString());
        var claims = await IntrospectAsync(token.Json.GetProperty("access_token").GetString()!);
        Assert.Equal(k1.Thumbprint, claims.GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Theory]
    [InlineData("GET", TokenUrl, 0)]
    [InlineData("POST", "http://localhost/elsewhere", 0)]
    [InlineData("POST", TokenUrl, -600)]
    [InlineData("POST", TokenUrl, 600)]
    public async Task Dpop_ProofForAnotherRequestOrTime_IsInvalid(string method, string url, int skewSeconds)
    {
        using var key = new DpopKey();

        var reply = await PublicAsync(key.Proof(method, url, Now.AddSeconds(skewSeconds)), [.. PublicGrant(), ("scope", "read")]);

        DtrConformanceTests.AssertError(reply, "invalid_dpop_proof");
    }

    [Fact]
    public async Task Check55_RevokeOfDpopBoundCodeWithoutOrWithWrongProof_IsRefusedAndChangesNothing()
    {
        using var k1 = new DpopKey();
        using var k2 = new DpopKey();
        var code = (await PublicAsync(k1.Proof("POST", TokenUrl, Now), [.. PublicGrant(), ("scope", "approve:me"), ("completion_mode", "deferred")]))
            .Json.GetProperty("deferral_code").GetString()!;

        var withoutProof = await _client.SendAsync(HttpMethod.Post, "/revoke", null, Form(("client_id", "p1"), ("token", code)));
        var wrongKey = await SendWithProofAsync("/revoke", k2.Proof("POST", RevokeUrl, Now), ("client_id", "p1"), ("token", code));

        DtrConformanceTests.AssertError(withoutProof, "invalid_dpop_proof");
        DtrConformanceTests.AssertError(wrongKey, "invalid_dpop_proof");
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        DtrConformanceTests.AssertError(await PollPublicAsync(code, k1.Proof("POST", TokenUrl, Now)), "authorization_pending");
    }

    [Fact]
    public async Task Check56_Callback_ArrivesAfterApprovalWithTheBearerTokenAndOnlyTheCode()
    {
        var bearer = "callback-token-0123456789abcdefghij";
        var code = await _client.DeferAsync("cb", "approve:me", ("client_notification_token", bearer));
        Assert.DoesNotContain(factory.Callbacks.Requests, r => r.Body.Contains(code, StringComparison.Ordinal));

        await _client.ApproveAsync("approver", code);

        var received = await WaitForCallbackAsync(code);
        Assert.Equal("POST", received.Method);
        Assert.Equal($"Bearer {bearer}", received.Authorization);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        Assert.Equal($$"""{"deferral_code":"{{code}}"}""", received.Body);
        Assert.Equal("/callback", received.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await _client.PollAsync("cb", code)).Status);
    }

    [Fact]
    public async Task Check57_NoCallbackForAnExpiredCode()
    {
        var code = await _client.DeferAsync("cb", "approve:me");
        _client.Time.Advance(TimeSpan.FromMinutes(11));

        await _client.ApproveAsync("approver", code);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(factory.Callbacks.Requests, r => r.Body.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check58_RedirectIsNotFollowedAndPollingStillWorks()
    {
        factory.Callbacks.Status = HttpStatusCode.Redirect;
        try
        {
            var code = await _client.DeferAsync("cb", "approve:me");
            await _client.ApproveAsync("approver", code);

            await WaitForCallbackAsync(code);

            Assert.DoesNotContain(factory.Callbacks.Requests, r => r.PathAndQuery.EndsWith("/moved", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, (await _client.PollAsync("cb", code)).Status);
        }
        finally
        {
            factory.Callbacks.Status = HttpStatusCode.NoContent;
        }
    }

    [Fact]
    public async Task Check67_ApproverNarrows_TheTokenCarriesTheNarrowerSetAndBroaderIsRefused()
    {
        const string requested = """[{"type":"payment_initiation","actions":["initiate","status"],"locations":["https://bank.example/payments"],"instructedAmount":{"currency":"EUR","amount":"123.50"}}]""";
        const string narrower = """[{"type":"payment_initiation","actions":["initiate"],"locations":["https://bank.example/payments"],"instructedAmount":{"currency":"EUR","amount":"123.50"}}]""";
        const string broader = """[{"type":"payment_initiation","actions":["initiate","status","cancel"],"locations":["https://bank.example/payments"],"instructedAmount":{"currency":"EUR","amount":"123.50"}}]""";
        var code = await _client.DeferAsync("c1", "approve:me", ("authorization_details", requested));

        var refused = await _client.ApproveAsync("approver", code, $$"""{"authorization_details":{{broader}}}""");
        var wider = await _client.ApproveAsync("approver", code, """{"scope":"approve:me read"}""");
        var accepted = await _client.ApproveAsync("approver", code, $$"""{"authorization_details":{{narrower}}}""");
        var token = await _client.PollAsync("c1", code);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (refused.Status, refused.Error));
        Assert.Equal(HttpStatusCode.BadRequest, wider.Status);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var granted = token.Json.GetProperty("authorization_details");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(narrower).RootElement, granted), granted.GetRawText());
        var claims = await IntrospectAsync(token.Json.GetProperty("access_token").GetString()!);
        Assert.True(JsonElement.DeepEquals(granted, claims.GetProperty("authorization_details")));
    }

    private DateTimeOffset Now => _client.Time.GetUtcNow();

    private Task<Reply> RevokeAsync(string client, string token, string? hint = null) =>
        _client.SendAsync(HttpMethod.Post, "/revoke", OAuthTestClient.Basic(client, OAuthTestClient.SecretOf(client)), hint is null ? Form(("token", token)) : Form(("token", token), ("token_type_hint", hint)));

    private async Task<JsonElement> IntrospectAsync(string token) =>
        (await _client.SendAsync(HttpMethod.Post, "/introspect", OAuthTestClient.Basic("rs", "rs-secret"), Form(("token", token)))).Json;

    /// <summary>
    /// How the public client p1 starts a request: a JWT bearer assertion (RFC 7523), since client_credentials is for
    /// confidential clients only (RFC 6749 §4.4).
    /// </summary>
    private (string Name, string Value)[] PublicGrant() =>
        [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", TestServerIdp.UserToken("erin", Now, TimeSpan.FromHours(1)))];

    private Task<Reply> PublicAsync(string proof, params (string Name, string Value)[] form) =>
        SendWithProofAsync("/token", proof, [("client_id", "p1"), .. form]);

    private Task<Reply> PollPublicAsync(string code, string? proof) => proof is null
        ? _client.SendAsync(HttpMethod.Post, "/token", null, Form(("client_id", "p1"), ("grant_type", OAuthTestClient.DeferredGrant), ("deferral_code", code)))
        : SendWithProofAsync("/token", proof, ("client_id", "p1"), ("grant_type", OAuthTestClient.DeferredGrant), ("deferral_code", code));

    private async Task<Reply> SendWithProofAsync(string path, string proof, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(form) };
        request.Headers.Add("DPoP", proof);
        return await Reply.ReadAsync(await _client.Http.SendAsync(request));
    }

    private Task<HttpResponseMessage> ConfirmAsync(Uri uri, string user, string password) =>
        _client.Http.PostAsync(uri.PathAndQuery, Form(("username", user), ("password", password), ("action", "confirm")));

    private Task<CallbackReceiver.Received> WaitForCallbackAsync(string code) => factory.Callbacks.WaitForAsync(code, TimeSpan.FromSeconds(10));

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] form) => new(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}
