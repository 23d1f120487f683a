using System.Net;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A ServiceNow-style system approves, through the whole pipeline against a real HTTP receiver: the
/// signed task goes out, the signed outcome comes back, and the token carries it as evidence.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class WebhookConnectorTests(ConnectorGatewayFactory factory)
{
    private const string Approver = "change-board";
    private readonly ConnectorTestClient _client = new(factory);

    [Fact]
    public async Task ServiceNowStyleSystem_Approves_TokenCarriesWorkflowEvidence()
    {
        var code = await DeferAsync();
        var id = DeferralCodes.Id(code);

        // The receiver gets the task, signed over "{timestamp}.{body}" with the shared secret, without the code.
        var task = await factory.Webhook.WaitForAsync(r => r.Body.Contains(id, StringComparison.Ordinal));
        Assert.Equal("POST", task.Method);
        Assert.Equal("/servicenow/tasks", task.Path);
        Assert.True(Hmac.Verify(ConnectorGatewayFactory.WebhookSecret, task), "the task's signature verifies");
        Assert.False(Hmac.Verify("some-other-secret-value", task));
        Assert.Equal("approval_task", task.Header("X-DeferredOrleans-Event"));
        Assert.DoesNotContain(code, task.Body, StringComparison.Ordinal);
        var body = task.Json;
        Assert.Equal(id, body.GetProperty("task_id").GetString());
        Assert.Equal("c1", body.GetProperty("client_id").GetString());
        Assert.Equal("deploy:webhook", body.GetProperty("scope").GetString());
        Assert.Equal("deploy-needs-change-board", body.GetProperty("rule").GetString());
        Assert.True(body.GetProperty("expires_at").GetDateTimeOffset() > factory.Time.GetUtcNow());
        Assert.Equal($"http://localhost/connectors/{Approver}/callback", body.GetProperty("callback_url").GetString());

        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);

        var answer = await CallbackAsync(ConnectorTestClient.Outcome(id, "approved", "INC0012345"));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("recorded", answer.Json.GetProperty("result").GetString());
        Assert.Equal("approved", answer.Json.GetProperty("status").GetString());

        var token = await _client.OAuth.PollAsync("c1", code);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var approval = Jwt.Payload(token.Json.GetProperty("access_token").GetString()!).GetProperty("approval");
        Assert.Equal("workflow", approval.GetProperty("method").GetString());
        Assert.Equal("INC0012345", approval.GetProperty("workflow_ref").GetString());
        Assert.Equal(id, approval.GetProperty("id").GetString());
        Assert.Equal(ApprovalTaskPhase.Finished, (await _client.TaskAsync(Approver, code))!.Phase);
        Assert.Contains(await _client.AuditAsync(code), e => e.Event.Kind == "connector.sent");
        Assert.Contains(await _client.AuditAsync(code), e => e.Event.Kind == "connector.outcome");
    }

    [Fact]
    public async Task Webhook_Denied_PollGetsAccessDenied()
    {
        var code = await DeferAsync();
        await WaitForTaskAsync(code, ApprovalTaskPhase.Waiting);

        var answer = await CallbackAsync(ConnectorTestClient.Outcome(DeferralCodes.Id(code), "rejected", "CHG0042"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("denied", answer.Json.GetProperty("status").GetString());
        Assert.Equal("access_denied", (await _client.OAuth.PollAsync("c1", code)).Error);
    }

    [Fact]
    public async Task Webhook_UnknownOrPendingStatus_IsNeverAnApproval()
    {
        var code = await DeferAsync();
        await WaitForTaskAsync(code, ApprovalTaskPhase.Waiting);

        var unknown = await CallbackAsync(ConnectorTestClient.Outcome(DeferralCodes.Id(code), "approved-ish", "INC1"));
        var pending = await CallbackAsync(ConnectorTestClient.Outcome(DeferralCodes.Id(code), "pending"));

        Assert.Equal(HttpStatusCode.Accepted, unknown.Status);
        Assert.Equal("ignored", unknown.Json.GetProperty("result").GetString());
        Assert.Equal(HttpStatusCode.Accepted, pending.Status);
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);
        Assert.Contains(await _client.AuditAsync(code), e => e.Event.Kind == "connector.unknown_status");
    }

    [Fact]
    public async Task Callback_BadSignatureStaleOrReplayed_RefusedAndDeferralUnchanged()
    {
        var code = await DeferAsync();
        var id = DeferralCodes.Id(code);
        await WaitForTaskAsync(code, ApprovalTaskPhase.Waiting);
        var approve = ConnectorTestClient.Outcome(id, "approved", "INC666");
        var now = factory.Time.GetUtcNow().ToUnixTimeSeconds();

        var refusals = new[]
        {
            await _client.CallbackAsync(Approver, "not-the-change-board-secret", approve),
            await CallbackAsync(approve, signature: "v1=" + new string('0', 64)),
            await CallbackAsync(approve, signature: "sha1=abc"),
            await CallbackAsync(approve, timestamp: now - 600),
            await CallbackAsync(approve, timestamp: now + 600),
            await _client.CallbackAsync("nobody-at-all", ConnectorGatewayFactory.WebhookSecret, approve),
            await _client.CallbackAsync("approver", ConnectorGatewayFactory.WebhookSecret, approve),
        };

        // A correctly signed message is taken once; the same bytes again are a replay.
        var pending = ConnectorTestClient.Outcome(id, "pending");
        var first = await CallbackAsync(pending, timestamp: now);
        var replay = await CallbackAsync(pending, timestamp: now);

        foreach (var refusal in refusals.Append(replay))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refusal.Status);
            Assert.Equal("invalid_signature", refusal.Error);
            Assert.Equal("no-store", refusal.CacheControl);
            Assert.DoesNotContain(Approver, refusal.Description!, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(ApprovalTaskPhase.Waiting, (await _client.TaskAsync(Approver, code))!.Phase);
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);
        Assert.Contains(await _client.AuditAsync(code), e => e.Event.Kind == "connector.sent");
    }

    [Fact]
    public async Task Callback_MalformedBody_400AndNothingChanges()
    {
        var code = await DeferAsync();
        var id = DeferralCodes.Id(code);

        var replies = new[]
        {
            await CallbackAsync("not json"),
            await CallbackAsync("[]"),
            await CallbackAsync("""{"status":"approved"}"""),
            await CallbackAsync($$"""{"task_id":"{{id}}"}"""),
            await CallbackAsync($$"""{"task_id":"{{id}}","status":"approved","scope":"deploy:webhook admin:everything"}"""),
            await CallbackAsync($$$"""{"task_id":"{{{id}}}","status":"approved","standing":{"hours":1}}"""),
        };

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.All(replies, r => Assert.Equal("invalid_request", r.Error));
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);
        var unknown = await CallbackAsync(ConnectorTestClient.Outcome(new string('A', 43), "approved"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Webhook_Receiver500sThenSucceeds_RetriedWithBackoff()
    {
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        factory.Webhook.Handler = r =>
        {
            var id = r.Json.GetProperty("task_id").GetString()!;
            return Task.FromResult(failures.AddOrUpdate(id, 1, (_, n) => n + 1) <= 2 ? new ExternalReply(500, "{}") : new ExternalReply(201, "{}"));
        };
        try
        {
            var code = await DeferAsync();
            var id = DeferralCodes.Id(code);

            await WaitForTaskAsync(code, ApprovalTaskPhase.Waiting);

            var attempts = factory.Webhook.Requests.Where(r => r.Body.Contains(id, StringComparison.Ordinal)).OrderBy(r => r.ReceivedAt).ToList();
            Assert.Equal(3, attempts.Count);
            Assert.All(attempts, a => Assert.True(Hmac.Verify(ConnectorGatewayFactory.WebhookSecret, a)));
            Assert.All(attempts, a => Assert.Equal(attempts[0].Header("Idempotency-Key"), a.Header("Idempotency-Key")));

            // 0.2 s, then 0.4 s (testserver.json), less at most 10 % jitter.
            Assert.True(attempts[1].ReceivedAt - attempts[0].ReceivedAt >= TimeSpan.FromMilliseconds(170));
            Assert.True(attempts[2].ReceivedAt - attempts[1].ReceivedAt >= TimeSpan.FromMilliseconds(350));
            Assert.Equal(2, (await _client.AuditAsync(code)).Count(e => e.Event.Kind == "connector.retry"));

            var answer = await CallbackAsync(ConnectorTestClient.Outcome(id, "approved", "INC0000002"));
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }
        finally
        {
            factory.Webhook.Handler = _ => Task.FromResult(new ExternalReply(200, "{}"));
        }
    }

    [Fact]
    public async Task Webhook_DeferralRevoked_TaskEndsWithNotice_LateOutcomeRefused()
    {
        var code = await DeferAsync();
        var id = DeferralCodes.Id(code);
        await WaitForTaskAsync(code, ApprovalTaskPhase.Waiting);

        var revoked = await _client.OAuth.SendAsync(HttpMethod.Post, "/revoke", OAuthTestClient.Basic("c1", "c1-secret"),
            new FormUrlEncodedContent([new("token", code), new("token_type_hint", "urn:ietf:params:oauth:token-type:deferral-code")]));
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var notice = await factory.Webhook.WaitForAsync(r => r.Header("X-DeferredOrleans-Event") == "approval_task.cancelled" && r.Body.Contains(id, StringComparison.Ordinal));
        Assert.True(Hmac.Verify(ConnectorGatewayFactory.WebhookSecret, notice));
        await WaitForTaskAsync(code, ApprovalTaskPhase.Finished);
        var late = await CallbackAsync(ConnectorTestClient.Outcome(id, "approved", "INC0000003"));
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("access_denied", (await _client.OAuth.PollAsync("c1", code)).Error);
    }

    private Task<string> DeferAsync() => _client.OAuth.DeferAsync("c1", "deploy:webhook");

    /// <summary>A callback to the change board's endpoint, signed with its shared secret unless <paramref name="signature"/> replaces the signature.</summary>
    private Task<Reply> CallbackAsync(string body, long? timestamp = null, string? signature = null) =>
        _client.CallbackAsync(Approver, ConnectorGatewayFactory.WebhookSecret, body, timestamp, signature);

    private Task<ApprovalTaskView> WaitForTaskAsync(string code, ApprovalTaskPhase phase) => _client.WaitForTaskAsync(Approver, code, t => t.Phase == phase);
}
