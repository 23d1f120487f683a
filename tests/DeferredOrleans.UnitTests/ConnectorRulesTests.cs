using System.Text;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Grains.Connectors;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>The connectors' pure rules as tables: signatures, backoff, Retry-After, status mapping, ARAP answers, evidence.</summary>
public sealed class ConnectorRulesTests
{
    private const string Secret = "change-board-webhook-secret";
    private const long Timestamp = 1795731809;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"task_id":"x"}""");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void Sign_IsHmacSha256OverTimestampDotBody_AsHex()
    {
        // Computed independently: python3 hmac.new(secret, b'1795731809.{"task_id":"x"}', sha256).hexdigest()
        Assert.Equal("v1=9ebb37353fe69bae0aa85a29f9cf72dfbe3e1f64c09cc53c2c268632ee4f25cf", ConnectorSignature.Sign(Secret, Timestamp, Body));
    }

    public static TheoryData<string?, string?, int, SignatureCheck> Signatures() => new()
    {
        { "1795731809", ConnectorSignature.Sign(Secret, Timestamp, Body), 0, SignatureCheck.Valid },
        { "1795731809", "v1=0000," + ConnectorSignature.Sign(Secret, Timestamp, Body), 0, SignatureCheck.Valid },
        { "1795731809", ConnectorSignature.Sign(Secret, Timestamp, Body), 299, SignatureCheck.Valid },
        { "1795731809", ConnectorSignature.Sign(Secret, Timestamp, Body), 301, SignatureCheck.Stale },
        { "1795731809", ConnectorSignature.Sign(Secret, Timestamp, Body), -301, SignatureCheck.Stale },
        { "1795731810", ConnectorSignature.Sign(Secret, Timestamp, Body), 0, SignatureCheck.Mismatch },
        { "1795731809", ConnectorSignature.Sign("another-secret-entirely", Timestamp, Body), 0, SignatureCheck.Mismatch },
        { "1795731809", ConnectorSignature.Sign(Secret, Timestamp, Body).ToUpperInvariant().Replace("V1=", "v1=", StringComparison.Ordinal), 0, SignatureCheck.Valid },
        { "1795731809", "v0=" + ConnectorSignature.Sign(Secret, Timestamp, Body)[3..], 0, SignatureCheck.Mismatch },
        { "1795731809", "v1=zz", 0, SignatureCheck.Mismatch },
        { "1795731809", null, 0, SignatureCheck.Missing },
        { null, "v1=00", 0, SignatureCheck.Missing },
        { "-5", "v1=00", 0, SignatureCheck.Malformed },
        { "17957318090000000", "v1=00", 0, SignatureCheck.Malformed },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Verify_Table(string? timestamp, string? signature, int secondsLater, SignatureCheck expected) =>
        Assert.Equal(expected, ConnectorSignature.Verify(Secret, timestamp, signature, Body, SignedAt.AddSeconds(secondsLater), TimeSpan.FromMinutes(5)));

    [Fact]
    public void Verify_AnyChangeToTheBody_Mismatches()
    {
        var signature = ConnectorSignature.Sign(Secret, Timestamp, Body);

        Assert.Equal(SignatureCheck.Mismatch, ConnectorSignature.Verify(Secret, "1795731809", signature, Encoding.UTF8.GetBytes("""{"task_id":"y"}"""), SignedAt, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(1, 2.0)]
    [InlineData(2, 4.0)]
    [InlineData(3, 8.0)]
    [InlineData(7, 128.0)]
    [InlineData(8, 256.0)]
    [InlineData(9, 300.0)]
    [InlineData(1000, 300.0)]
    [InlineData(0, 2.0)]
    public void Backoff_DoublesFromTheInitialDelayUpToTheCap(int failures, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ConnectorBackoff.Delay(failures, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5)));

    [Fact]
    public void Backoff_JitterOnlyShortens_AtMostTenPercent()
    {
        Assert.Equal(TimeSpan.FromSeconds(7.2), ConnectorBackoff.Delay(3, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(54), ConnectorBackoff.Delay(50, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60), jitter: 1));
    }

    [Theory]
    [InlineData(1, null, 3.0)]
    [InlineData(2, null, 6.0)]
    [InlineData(5, null, 48.0)]
    [InlineData(6, null, 60.0)]
    [InlineData(1, 30.0, 30.0)]
    [InlineData(6, 120.0, 120.0)]
    [InlineData(4, 1.0, 24.0)]
    public void NextPoll_ArapBackoffCappedAtAMinute_RetryAfterIsAFloor(int polls, double? retryAfter, double seconds) =>
        Assert.Equal(
            TimeSpan.FromSeconds(seconds),
            ConnectorBackoff.NextPoll(polls, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60), retryAfter is { } r ? TimeSpan.FromSeconds(r) : null));

    [Theory]
    [InlineData("120", 120.0)]
    [InlineData(" 0 ", 0.0)]
    [InlineData("Thu, 26 Nov 2026 09:01:30 GMT", 90.0)]
    [InlineData("Thu, 26 Nov 2026 08:00:00 GMT", 0.0)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("-1", null)]
    [InlineData("soon", null)]
    [InlineData("1.5", null)]
    [InlineData("99999999999", null)]
    public void RetryAfter_DelaySecondsOrHttpDate(string? value, double? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, RetryAfter.Parse(value, T0));

    public static TheoryData<string?, string?, string?, VerdictKind> ArapStatuses() => new()
    {
        { "pending", null, null, VerdictKind.Pending },
        { "approved", "reevaluate", "2026-11-26T10:00:00Z", VerdictKind.Approved },
        { "approved", null, "2026-11-26T10:00:00Z", VerdictKind.Approved },
        { "approved", "issue_token_forever", "2026-11-26T10:00:00Z", VerdictKind.Denied },
        { "approved", "reevaluate", null, VerdictKind.Denied },
        { "approved", "reevaluate", "2026-11-26T08:00:00Z", VerdictKind.Denied },
        { "approved", "reevaluate", "tomorrow", VerdictKind.Denied },
        { "denied", null, null, VerdictKind.Denied },
        { "cancelled", null, null, VerdictKind.Denied },
        { "failed", null, null, VerdictKind.Denied },
        { "expired", null, null, VerdictKind.Denied },
        { "partial", null, null, VerdictKind.Denied },
        { "Approved", "reevaluate", "2026-11-26T10:00:00Z", VerdictKind.Unknown },
        { "on_hold", null, null, VerdictKind.Unknown },
        { null, null, null, VerdictKind.Unknown },
    };

    [Theory]
    [MemberData(nameof(ArapStatuses))]
    public void ArapStatus_OnlyAnEnforceableApprovalApproves(string? status, string? mode, string? approvedUntil, VerdictKind expected)
    {
        var root = new System.Text.Json.Nodes.JsonObject { ["task"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "arq_1", ["status"] = status } };
        if (approvedUntil is not null)
        {
            root["result"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = mode, ["approval"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "apr_1", ["approved_until"] = approvedUntil } };
        }

        var document = ArapTaskDocument.Parse(root.ToJsonString())!;

        var verdict = StatusMapping.Arap(document, T0);

        Assert.Equal(expected, verdict.Kind);
        if (expected == VerdictKind.Approved)
        {
            Assert.Equal(("apr_1", DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), (verdict.Reference, verdict.ApprovedUntil));
        }
    }

    [Theory]
    [InlineData("approved", VerdictKind.Approved)]
    [InlineData("denied", VerdictKind.Denied)]
    [InlineData("rejected", VerdictKind.Denied)]
    [InlineData("cancelled", VerdictKind.Denied)]
    [InlineData("failed", VerdictKind.Denied)]
    [InlineData("expired", VerdictKind.Denied)]
    [InlineData("pending", VerdictKind.Pending)]
    [InlineData("APPROVED", VerdictKind.Unknown)]
    [InlineData("approve", VerdictKind.Unknown)]
    [InlineData("ok", VerdictKind.Unknown)]
    public void WebhookStatus_Table(string status, VerdictKind expected)
    {
        var verdict = StatusMapping.Webhook(status, "INC0012345");

        Assert.Equal(expected, verdict.Kind);
        Assert.Equal(expected is VerdictKind.Approved or VerdictKind.Denied ? "INC0012345" : null, verdict.Reference);
    }

    public static TheoryData<int, string, string?, ArapReplyKind> ArapAnswers() => new()
    {
        { 202, """{"task":{"id":"arq_1","status":"pending","status_endpoint":"https://ars.example/r/arq_1"}}""", null, ArapReplyKind.Task },
        { 201, """{"task":{"id":"arq_1","status":"approved"},"result":{"mode":"reevaluate","approval":{"id":"a","approved_until":"2026-11-26T10:00:00Z"}}}""", null, ArapReplyKind.Task },
        { 200, """{"task":{"id":"arq_1","status":"pending"}}""", null, ArapReplyKind.Task },
        { 202, """{"nothing":"here"}""", null, ArapReplyKind.Retry },
        { 202, "not json", null, ArapReplyKind.Retry },
        { 409, """{"type":"urn:openid:authzen:access-request:error:duplicate_request"}""", "https://ars.example/r/arq_1", ArapReplyKind.Task },
        { 409, """{"type":"urn:openid:authzen:access-request:error:duplicate_request"}""", null, ArapReplyKind.Retry },
        { 404, """{"type":"urn:openid:authzen:access-request:error:unknown_task"}""", null, ArapReplyKind.Gone },
        { 410, """{"type":"urn:openid:authzen:access-request:error:task_expired"}""", null, ArapReplyKind.Gone },
        { 400, """{"type":"urn:openid:authzen:access-request:error:not_requestable"}""", null, ArapReplyKind.Rejected },
        { 401, "", null, ArapReplyKind.Rejected },
        { 429, "", null, ArapReplyKind.Retry },
        { 500, "", null, ArapReplyKind.Retry },
        { 503, "", null, ArapReplyKind.Retry },
        { 0, "", null, ArapReplyKind.Retry },
    };

    [Theory]
    [MemberData(nameof(ArapAnswers))]
    public void ArapAnswer_Table(int status, string body, string? location, ArapReplyKind expected) =>
        Assert.Equal(expected, ArapConnector.Classify(new ConnectorResponse(status, body, location), T0).Kind);

    [Fact]
    public void ArapAnswer_StatusEndpointFallsBackToLocation_RetryAfterKept()
    {
        var reply = ArapConnector.Classify(new ConnectorResponse(202, """{"task":{"id":"arq_1","status":"pending"}}""", "https://ars.example/r/arq_1", "7"), T0);

        Assert.Equal("https://ars.example/r/arq_1", reply.Task!.StatusEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(7), reply.RetryAfter);
    }

    [Theory]
    [InlineData("https://ars.example/r/1", "https://ars.example/access/v1/requests", true)]
    [InlineData("https://ars.example:443/r/1", "https://ars.example/access", true)]
    [InlineData("https://ARS.example/r/1", "https://ars.example/access", true)]
    [InlineData("http://ars.example/r/1", "https://ars.example/access", false)]
    [InlineData("https://ars.example:8443/r/1", "https://ars.example/access", false)]
    [InlineData("https://evil.example/r/1", "https://ars.example/access", false)]
    [InlineData("not a url", "https://ars.example/access", false)]
    public void SameOrigin_Table(string url, string configured, bool expected) =>
        Assert.Equal(expected, ConnectorRequest.SameOrigin(url, configured));

    [Fact]
    public void Evidence_AllWorkflowApprovals_MethodWorkflowWithReferencesAndTheEarliestExpiry()
    {
        var state = Pending([new ApprovalRequirement("approver", ApprovalRoute.NamedApprovers, ["change-board"], 1)], approvalLifetime: TimeSpan.FromHours(2));

        var (outcome, approved) = Quorum.Apply(state, new ApproverDecision("change-board", true, WorkflowRef: "apr_7", ApprovedUntil: T0.AddMinutes(30)), T0.AddMinutes(1));
        var evidence = Quorum.Evidence(approved, "id");

        Assert.Equal(DeferralStatus.Approved, outcome.Status);
        Assert.Equal("workflow", evidence.Method);
        Assert.Equal("apr_7", Assert.Single(evidence.WorkflowRefs!.Value));
        Assert.Equal(T0.AddMinutes(30), evidence.ApprovedUntil);
    }

    [Fact]
    public void Evidence_WorkflowBesideAPerson_KeepsThePlanMethod_LifetimeWhenNoExpiryGiven()
    {
        var state = Pending([Owner(), new ApprovalRequirement("workflow", ApprovalRoute.Workflow, ["authzen"], 1)]);

        var approved = state.Decide("alice", true, TimeSpan.FromMinutes(1));
        approved = Quorum.Apply(approved, new ApproverDecision("authzen", true, WorkflowRef: "apr_8"), T0.AddMinutes(2)).State;
        var evidence = Quorum.Evidence(approved, "id");

        Assert.Equal("multi_party", evidence.Method);
        Assert.Equal("apr_8", Assert.Single(evidence.WorkflowRefs!.Value));
        Assert.Equal(T0.AddMinutes(2) + TimeSpan.FromHours(1), evidence.ApprovedUntil);
    }

    [Fact]
    public void Poll_AfterTheWorkflowsApprovedUntil_IsDenied()
    {
        var state = Pending([new ApprovalRequirement("approver", ApprovalRoute.NamedApprovers, ["change-board"], 1)]);
        var approved = Quorum.Apply(state, new ApproverDecision("change-board", true, WorkflowRef: "apr_9", ApprovedUntil: T0.AddMinutes(3)), T0.AddMinutes(1)).State;

        var before = PollRules.Evaluate(approved, new PollRequest("agent"), T0.AddMinutes(2), default, new DeferralOptions { PollTolerance = TimeSpan.Zero });
        var after = PollRules.Evaluate(approved, new PollRequest("agent"), T0.AddMinutes(3), default, new DeferralOptions { PollTolerance = TimeSpan.Zero });

        Assert.Equal(PollVerdict.Issued, before.Verdict);
        Assert.Equal(PollVerdict.Denied, after.Verdict);
    }

    [Fact]
    public void WebhookTask_NamesTheRequestButNeverACode()
    {
        var binding = new ConnectorBinding("change-board", ConnectorKind.Webhook, "https://sn.example/api", [], "https://as.example/connectors/change-board/callback", TimeSpan.FromSeconds(5));
        var task = new ConnectorTask("deferral-id", binding, Pending().Request!, "deploy", T0, T0.AddMinutes(10), T0.AddHours(1));

        using var body = System.Text.Json.JsonDocument.Parse(WebhookConnector.TaskBody(task));

        Assert.Equal("deferral-id", body.RootElement.GetProperty("task_id").GetString());
        Assert.Equal("doc:write", body.RootElement.GetProperty("scope").GetString());
        Assert.Equal("https://as.example/connectors/change-board/callback", body.RootElement.GetProperty("callback_url").GetString());
        Assert.False(body.RootElement.TryGetProperty("deferral_code", out _));
    }
}
