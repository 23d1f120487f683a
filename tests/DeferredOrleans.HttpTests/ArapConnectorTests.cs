using System.Net;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The AuthZEN Access Request and Approval Profile connector against a real access request service, and check 66 of
/// docs/conformance.md: approved gives a token, failed gives access_denied, an unknown status never a token.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class ArapConnectorTests(ConnectorGatewayFactory factory)
{
    private const string Approver = "access-board";
    private readonly ConnectorTestClient _client = new(factory);

    [Fact]
    public async Task Check66_TaskApproved_PollGets200_TokenBoundedByApprovedUntil()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap");
        var id = DeferralCodes.Id(code);

        var submission = await factory.Arap.SubmissionOfAsync(id);
        var key = submission.Header("Idempotency-Key");
        Assert.False(string.IsNullOrEmpty(key));
        Assert.True(Hmac.Verify(ConnectorGatewayFactory.ArapSecret, submission));
        Assert.DoesNotContain(code, submission.Body, StringComparison.Ordinal);
        var body = submission.Json;
        Assert.Equal("c1", body.GetProperty("subject").GetProperty("id").GetString());
        Assert.Equal("deploy:arap", body.GetProperty("action").GetProperty("name").GetString());
        Assert.Equal("oauth_resource", body.GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("c1", body.GetProperty("context").GetProperty("client_id").GetString());
        Assert.True(body.GetProperty("denial").TryGetProperty("expires_at", out _));
        Assert.True(body.GetProperty("requested_access").TryGetProperty("requested_until", out _));
        Assert.Equal($"http://localhost/connectors/{Approver}/callback", body.GetProperty("callback").GetProperty("endpoint").GetString());
        Assert.Equal(id, body.GetProperty("callback").GetProperty("state").GetString());
        Assert.Equal("c1", body.GetProperty("client").GetProperty("id").GetString());
        Assert.True(body.GetProperty("client").TryGetProperty("actor", out _));
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Waiting && t.LastStatus == "pending");
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);

        var approvedUntil = DateTimeOffset.FromUnixTimeSeconds(factory.Time.GetUtcNow().ToUnixTimeSeconds() + 120);
        factory.Arap.Set(id, "approved", FakeAccessRequestService.Approval("apr_4815", approvedUntil));
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Finished);

        var token = await _client.OAuth.PollAsync("c1", code);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var payload = Jwt.Payload(token.Json.GetProperty("access_token").GetString()!);
        var approval = payload.GetProperty("approval");
        Assert.Equal("workflow", approval.GetProperty("method").GetString());
        Assert.Equal("apr_4815", approval.GetProperty("workflow_ref").GetString());
        Assert.Equal(approvedUntil.ToUnixTimeSeconds(), approval.GetProperty("approved_until").GetInt64());
        Assert.True(payload.GetProperty("exp").GetInt64() <= approvedUntil.ToUnixTimeSeconds(), "AROP: the token never outlives approved_until");
        Assert.Equal(1, factory.Arap.System.Count(r => r.Method == "POST" && FakeAccessRequestService.State(r) == id));
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("denied")]
    [InlineData("cancelled")]
    [InlineData("expired")]
    public async Task Check66_TaskEndsWithoutApproval_AccessDenied(string status)
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap");
        await factory.Arap.SubmissionOfAsync(DeferralCodes.Id(code));

        factory.Arap.Set(DeferralCodes.Id(code), status);
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Finished);

        Assert.Equal("access_denied", (await _client.OAuth.PollAsync("c1", code)).Error);
    }

    [Theory]
    [InlineData("escalated_to_the_moon", null)]
    [InlineData("approved", "enforce_at_will")]
    public async Task Check66_UnknownStatusOrMode_NeverAToken(string status, string? mode)
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap");
        var id = DeferralCodes.Id(code);
        await factory.Arap.SubmissionOfAsync(id);

        factory.Arap.Set(id, status, mode is null ? null : FakeAccessRequestService.Approval("apr_x", factory.Time.GetUtcNow().AddHours(1), mode));
        await _client.WaitForTaskAsync(Approver, code, t => t.LastStatus == status || t.Phase == ApprovalTaskPhase.Finished);
        if (mode is null)
        {
            // Still polled after the unknown status: the task keeps waiting for a status it knows.
            var polled = factory.Arap.System.Count(r => r.Method == "GET" && r.Path.EndsWith(FakeAccessRequestService.TaskId(id), StringComparison.Ordinal));
            await factory.Arap.System.WaitForAsync(_ => factory.Arap.System.Count(r => r.Method == "GET" && r.Path.EndsWith(FakeAccessRequestService.TaskId(id), StringComparison.Ordinal)) > polled);
        }

        var poll = await _client.OAuth.PollAsync("c1", code);
        Assert.NotEqual(HttpStatusCode.OK, poll.Status);
        Assert.False(poll.Has("access_token"));
        Assert.Equal(mode is null ? "authorization_pending" : "access_denied", poll.Error);
        if (mode is null)
        {
            Assert.Single(await _client.AuditAsync(code), e => e.Event.Kind == "connector.unknown_status");
        }
    }

    [Fact]
    public async Task Callback_IsAdvisory_TheStatusEndpointDecides()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap");
        var id = DeferralCodes.Id(code);
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Waiting);

        // The callback claims approval, but the service's status endpoint still says pending: nothing is approved.
        const string forged = ""","task":{"status":"approved"},"result":{"approval":{"id":"forged","approved_until":"2099-01-01T00:00:00Z"}}}""";
        var claim = "{\"state\":\"" + id + "\"" + forged;
        var ignored = await _client.CallbackAsync(Approver, ConnectorGatewayFactory.ArapSecret, claim);
        Assert.Equal(HttpStatusCode.Accepted, ignored.Status);
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);

        factory.Arap.Set(id, "approved", FakeAccessRequestService.Approval("apr_cb", factory.Time.GetUtcNow().AddMinutes(30)));
        var recorded = await _client.CallbackAsync(Approver, ConnectorGatewayFactory.ArapSecret, $$"""{"state":"{{id}}"}""");
        Assert.Equal(HttpStatusCode.OK, recorded.Status);
        Assert.Equal("recorded", recorded.Json.GetProperty("result").GetString());
        var token = await _client.OAuth.PollAsync("c1", code);
        Assert.Equal("apr_cb", Jwt.Payload(token.Json.GetProperty("access_token").GetString()!).GetProperty("approval").GetProperty("workflow_ref").GetString());
    }

    [Fact]
    public async Task SynchronousApproval201_IsTakenWithoutPolling()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap", ("resource", "https://deploy.example/prod"));
        var id = DeferralCodes.Id(code);
        factory.Arap.Submission[id] = new ExternalReply(201, factory.Arap.Document(FakeAccessRequestService.TaskId(id), "approved", FakeAccessRequestService.Approval("apr_sync", factory.Time.GetUtcNow().AddMinutes(5))));

        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Finished);

        Assert.Equal(HttpStatusCode.OK, (await _client.OAuth.PollAsync("c1", code)).Status);
        Assert.Equal(0, factory.Arap.System.Count(r => r.Method == "GET" && r.Path.EndsWith(FakeAccessRequestService.TaskId(id), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnknownTask404_Denies()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap");
        var id = DeferralCodes.Id(code);
        await factory.Arap.SubmissionOfAsync(id);

        factory.Arap.Status[FakeAccessRequestService.TaskId(id)] = new ExternalReply(404, """{"type":"urn:openid:authzen:access-request:error:unknown_task"}""", ContentType: "application/problem+json");
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Finished);

        Assert.Equal("access_denied", (await _client.OAuth.PollAsync("c1", code)).Error);
    }

    [Fact]
    public async Task DeferralRevoked_TaskCancelledAtTheService()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap");
        var id = DeferralCodes.Id(code);
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Waiting);

        await _client.OAuth.SendAsync(HttpMethod.Post, "/revoke", OAuthTestClient.Basic("c1", "c1-secret"), new FormUrlEncodedContent([new("token", code)]));

        var cancel = await factory.Arap.System.WaitForAsync(r => r.Method == "POST" && r.Path == $"/access/v1/requests/{FakeAccessRequestService.TaskId(id)}/cancel");
        Assert.True(Hmac.Verify(ConnectorGatewayFactory.ArapSecret, cancel));
        var task = await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Finished);
        Assert.Equal("cancelled", task.Ending);
    }

    [Fact]
    public async Task DeferralExpired_TaskCancelledAtTheService()
    {
        // Rule deploy-briefly: the code lives 3 s; the expiry reminder runs on the real clock.
        var code = await _client.OAuth.DeferAsync("c1", "deploy:brief");
        var id = DeferralCodes.Id(code);
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Waiting);

        factory.Time.Advance(TimeSpan.FromSeconds(4));

        await factory.Arap.System.WaitForAsync(r => r.Method == "POST" && r.Path == $"/access/v1/requests/{FakeAccessRequestService.TaskId(id)}/cancel", seconds: 30);
        Assert.Equal("expired_token", (await _client.OAuth.PollAsync("c1", code)).Error);
    }

    [Fact]
    public async Task Submission5xx_RetriedWithTheSameIdempotencyKey()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap");
        var id = DeferralCodes.Id(code);
        factory.Arap.Submission[id] = new ExternalReply(503, "{}", new Dictionary<string, string> { ["Retry-After"] = "1" });
        await factory.Arap.SubmissionOfAsync(id);
        factory.Arap.Submission.TryRemove(id, out _);

        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Waiting);

        var submissions = factory.Arap.System.Requests.Where(r => r.Method == "POST" && FakeAccessRequestService.State(r) == id).OrderBy(r => r.ReceivedAt).ToList();
        Assert.True(submissions.Count >= 2);
        Assert.Single(submissions.Select(s => s.Header("Idempotency-Key")).Distinct());
        Assert.True(submissions[1].ReceivedAt - submissions[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured");
    }

    [Fact]
    public async Task RequestedAuthorizationDetails_BecomeResourceAndActions()
    {
        var details = new JsonArray(new JsonObject { ["type"] = "deploy", ["actions"] = new JsonArray("start", "rollback"), ["locations"] = new JsonArray("https://deploy.example/prod") });
        var code = await _client.OAuth.DeferAsync("c1", "deploy:arap", ("authorization_details", details.ToJsonString()));

        var submission = (await factory.Arap.SubmissionOfAsync(DeferralCodes.Id(code))).Json;

        var items = submission.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.Contains(items, i => i.GetProperty("action").GetProperty("name").GetString() == "rollback" && i.GetProperty("resource").GetProperty("type").GetString() == "deploy"
            && i.GetProperty("resource").GetProperty("id").GetString() == "https://deploy.example/prod");
    }
}
