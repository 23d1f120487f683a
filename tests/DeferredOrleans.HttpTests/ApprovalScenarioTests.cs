using DeferredOrleans.TestSupport;
using System.Net;
using System.Text.Json;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The scenarios that motivated the project (the <c>Seed_</c> tests), end to end through HTTP on the running server
/// with the engine organization (engine.json, engine-policy.json): the server, not the client, decides who approves.
/// Plus checks 63-65 of docs/conformance.md.
/// </summary>
[Collection(EngineGatewayCollection.Name)]
public sealed class ApprovalScenarioTests(EngineGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Seed_ClientDoesNotKnowTheOwner_TheDocumentsOwnerIsAsked()
    {
        var code = await _client.DeferAsync("agent-a", "doc:write", ("resource", "doc-789"));

        Assert.Contains(await InboxIdsAsync("alice"), id => id == DeferralCodes.Id(code));
        Assert.DoesNotContain(await InboxIdsAsync("pat"), id => id == DeferralCodes.Id(code));
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync("alice", code)).Status);

        var approval = Approval(await _client.PollAsync("agent-a", code));
        Assert.Equal("resource_owner", approval.GetProperty("method").GetString());
        Assert.Equal("doc-write", approval.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Seed_IcOnVacation_TheManagerApprovesAsDelegate_Check65()
    {
        var code = await _client.DeferAsync("agent-a", "ledger:write", ("resource", "ledger-2026"));

        Assert.Contains(await InboxIdsAsync("mia"), id => id == DeferralCodes.Id(code));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.ApproveAsync("ian", code)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync("mia", code)).Status);

        var reply = await _client.PollAsync("agent-a", code);
        var approval = Approval(reply);
        Assert.Equal("delegate", approval.GetProperty("method").GetString());
        var approver = Assert.Single(approval.GetProperty("approvers").EnumerateArray()).GetString();
        var delegation = Assert.Single(approval.GetProperty("delegations").EnumerateArray());
        Assert.Equal(approver, delegation.GetProperty("approver").GetString());
        Assert.NotEqual(approver, delegation.GetProperty("on_behalf_of").GetString());
        Assert.NotEqual(Claims(reply).GetProperty("sub").GetString(), approver);

        // The audit log (for admins) names the people: mia decided, on ian's behalf.
        var trail = await AuditAsync(DeferralCodes.Id(code));
        var decision = trail.Single(e => e.GetProperty("kind").GetString() == "decision.recorded");
        Assert.Equal("mia", decision.GetProperty("approver").GetString());
        Assert.Contains("ian", decision.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_TwoOfThreeAdmins_OneIsNotEnoughTwoIssue_Check63()
    {
        var code = await _client.DeferAsync("agent-a", "admin:users");

        await _client.ApproveAsync("bob", code);
        var afterOne = await _client.PollAsync("agent-a", code);
        await _client.ApproveAsync("dave", code);
        var afterTwo = await _client.PollAsync("agent-a", code);

        Assert.Equal("authorization_pending", afterOne.Error);
        Assert.Equal("step=quorum;approved=1;required=2", afterOne.Description);
        var quorum = Approval(afterTwo).GetProperty("quorum");
        Assert.Equal((2, 3, 2), (quorum.GetProperty("required").GetInt32(), quorum.GetProperty("of").GetInt32(), quorum.GetProperty("approved").GetInt32()));
    }

    [Fact]
    public async Task Seed_TwoOfThreeAdmins_ADenialVetoes_Check64()
    {
        var code = await _client.DeferAsync("agent-b", "admin:users");

        await _client.ApproveAsync("bob", code);
        await _client.DenyAsync("carol", code);

        Assert.Equal("access_denied", (await _client.PollAsync("agent-b", code)).Error);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.ApproveAsync("dave", code)).Status);
    }

    [Fact]
    public async Task SeparationOfDuties_TheAdminTheAgentActsFor_IsNotAskedAndCannotCount()
    {
        var code = await _client.DeferAsync("bob-assistant", "admin:users");

        Assert.DoesNotContain(await InboxIdsAsync("bob"), id => id == DeferralCodes.Id(code));
        var own = await _client.ApproveAsync("bob", code);
        Assert.True(own.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, own.Body);

        await _client.ApproveAsync("carol", code);
        await _client.ApproveAsync("dave", code);
        var quorum = Approval(await _client.PollAsync("bob-assistant", code)).GetProperty("quorum");
        Assert.Equal((2, 2), (quorum.GetProperty("required").GetInt32(), quorum.GetProperty("of").GetInt32()));
    }

    [Fact]
    public async Task Seed_OneApproverBulkApproves_ThreeClientsAcrossSevenResourcesInOneCall()
    {
        var requests = new List<(string Client, string Code)>();
        var clients = new[] { "agent-a", "agent-b", "agent-c" };
        for (var i = 1; i <= 7; i++)
        {
            var client = clients[i % 3];
            requests.Add((client, await _client.DeferAsync(client, "project:write", ("resource", $"https://project.example/r{i}"))));
        }

        // One more the approver may not decide, and one already decided, to see per-item results.
        var foreign = await _client.DeferAsync("agent-a", "doc:write", ("resource", "doc-789"));
        var ids = requests.Select(r => DeferralCodes.Id(r.Code)).ToList();
        var inbox = await InboxIdsAsync("pat");
        Assert.All(ids, id => Assert.Contains(id, inbox));
        await _client.DenyAsync("pat", requests[6].Code);

        var body = JsonSerializer.Serialize(new { ids = ids.Append(DeferralCodes.Id(foreign)), decision = "approve" });
        var bulk = await _client.SendAsync(HttpMethod.Post, "/approvals/bulk", OAuthTestClient.Basic("pat", "pat-pw"), OAuthTestClient.Json(body));

        Assert.Equal(HttpStatusCode.OK, bulk.Status);
        var results = bulk.Json.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("result").GetString());
        Assert.All(ids.Take(6), id => Assert.Equal("approved", results[id]));
        Assert.Equal("already_decided", results[ids[6]]);
        Assert.Equal("not_permitted", results[DeferralCodes.Id(foreign)]);
        foreach (var (client, code) in requests.Take(6))
        {
            Assert.True((await _client.PollAsync(client, code)).Has("access_token"));
        }

        Assert.Equal("access_denied", (await _client.PollAsync(requests[6].Client, requests[6].Code)).Error);
        Assert.DoesNotContain(await InboxIdsAsync("pat"), id => ids.Contains(id));
        Assert.Equal("authorization_pending", (await _client.PollAsync("agent-a", foreign)).Error);
    }

    [Fact]
    public async Task Seed_AStandingPolicyApproves_WithoutAnyoneBeingAsked()
    {
        var small = await _client.TokenAsync("ian-assistant", ("grant_type", "client_credentials"), ("completion_mode", "deferred"),
            ("authorization_details", Payment(250)));
        var large = await _client.TokenAsync("ian-assistant", ("grant_type", "client_credentials"), ("completion_mode", "deferred"),
            ("authorization_details", Payment(25000)));

        Assert.True(small.Has("access_token"), small.Body);
        Assert.Equal("authorization_pending", large.Error);
    }

    [Fact]
    public async Task MultiStage_ManagerThenSecurity_SecurityIsAskedOnlyAfterTheManager()
    {
        var reply = await _client.TokenAsync("ian-assistant", ("grant_type", "client_credentials"), ("completion_mode", "deferred"),
            ("authorization_details", Payment(25000)));
        var code = reply.Json.GetProperty("deferral_code").GetString()!;
        var id = DeferralCodes.Id(code);

        Assert.Contains(id, await InboxIdsAsync("mia"));
        Assert.DoesNotContain(id, await InboxIdsAsync("sam"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.ApproveAsync("sam", code)).Status);
        await _client.ApproveAsync("mia", code);
        var between = await _client.PollAsync("ian-assistant", code);
        Assert.Equal("step=security;approved=0;required=1", between.Description);
        Assert.Contains(id, await InboxIdsAsync("sam"));
        await _client.ApproveAsync("sam", code);

        var approval = Approval(await _client.PollAsync("ian-assistant", code));
        Assert.Equal("multi_party", approval.GetProperty("method").GetString());
        Assert.Equal(2, approval.GetProperty("approvers").GetArrayLength());
    }

    [Fact]
    public async Task RiskSignals_AboveThePolicysThreshold_AreRefused()
    {
        var calm = await _client.TokenAsync("agent-a", ("grant_type", "client_credentials"), ("scope", "export"), ("risk_signals", RiskEngine.Assertion("agent-a", _client.Time.GetUtcNow(), new() { ["score"] = 12 })));
        var risky = await _client.TokenAsync("agent-a", ("grant_type", "client_credentials"), ("scope", "export"), ("risk_signals", RiskEngine.Assertion("agent-a", _client.Time.GetUtcNow(), new() { ["score"] = 91 })));

        Assert.True(calm.Has("access_token"), calm.Body);
        Assert.Equal("invalid_scope", risky.Error);
        Assert.Equal("no-store", risky.CacheControl);
    }

    [Fact]
    public async Task Escalation_NobodyDecidesInTime_TheApproversManagerMayDecide()
    {
        var code = await _client.DeferAsync("agent-a", "deploy");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.ApproveAsync("dave", code)).Status);

        _client.Time.Advance(TimeSpan.FromSeconds(901));

        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync("dave", code)).Status);
        Assert.True((await _client.PollAsync("agent-a", code)).Has("access_token"));
    }

    [Fact]
    public async Task StandingDecision_ApproverSaysForTheNextHours_LaterRequestsGoThroughUntilRevoked()
    {
        var first = await _client.DeferAsync("agent-c", "calendar:write");
        var approved = await _client.ApproveAsync("alice", first, "{\"standing\":{\"hours\":8}}");
        var standingId = approved.Json.GetProperty("standing_decision").GetProperty("id").GetString()!;

        var again = await _client.TokenAsync("agent-c", ("grant_type", "client_credentials"), ("scope", "calendar:write"), ("completion_mode", "deferred"));
        var otherClient = await _client.TokenAsync("agent-b", ("grant_type", "client_credentials"), ("scope", "calendar:write"), ("completion_mode", "deferred"));

        Assert.True(again.Has("access_token"), again.Body);
        var approval = Approval(again);
        Assert.Equal("standing_decision", approval.GetProperty("method").GetString());
        Assert.Equal(standingId, Assert.Single(approval.GetProperty("standing_decisions").EnumerateArray()).GetString());
        Assert.Equal("authorization_pending", otherClient.Error);

        var listed = await _client.SendAsync(HttpMethod.Get, "/approvals/standing", OAuthTestClient.Basic("alice", "alice-pw"));
        Assert.Contains(listed.Json.GetProperty("standing_decisions").EnumerateArray(), s => s.GetProperty("id").GetString() == standingId);
        var revoked = await _client.SendAsync(HttpMethod.Delete, $"/approvals/standing/{standingId}", OAuthTestClient.Basic("alice", "alice-pw"));
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var afterRevoke = await _client.TokenAsync("agent-c", ("grant_type", "client_credentials"), ("scope", "calendar:write"), ("completion_mode", "deferred"));
        Assert.Equal("authorization_pending", afterRevoke.Error);
    }

    [Fact]
    public async Task StandingDecision_EndsWhenItsHoursAreOver()
    {
        var first = await _client.DeferAsync("agent-a", "calendar:write");
        await _client.ApproveAsync("alice", first, "{\"standing\":{\"hours\":1}}");

        _client.Time.Advance(TimeSpan.FromMinutes(61));
        var later = await _client.TokenAsync("agent-a", ("grant_type", "client_credentials"), ("scope", "calendar:write"), ("completion_mode", "deferred"));

        Assert.Equal("authorization_pending", later.Error);
    }

    [Fact]
    public async Task SelfServiceDelegation_OwnerAway_TheirDelegateIsAskedUntilTheyReturn()
    {
        var put = await _client.SendAsync(HttpMethod.Put, "/approvals/delegations/olga-away", OAuthTestClient.Basic("olga", "olga-pw"),
            OAuthTestClient.Json($"{{\"to\":\"sue\",\"starts\":\"{_client.Time.GetUtcNow().AddMinutes(-1):O}\",\"ends\":\"{_client.Time.GetUtcNow().AddDays(3):O}\",\"resources\":[\"report-*\"]}}"));
        Assert.Equal(HttpStatusCode.OK, put.Status);

        var whileAway = await _client.DeferAsync("agent-a", "report:write", ("resource", "report-q3"));
        Assert.Contains(DeferralCodes.Id(whileAway), await InboxIdsAsync("sue"));
        Assert.DoesNotContain(DeferralCodes.Id(whileAway), await InboxIdsAsync("olga"));

        var stolen = await _client.SendAsync(HttpMethod.Delete, "/approvals/delegations/olga-away", OAuthTestClient.Basic("sue", "sue-pw"));
        Assert.Equal(HttpStatusCode.NotFound, stolen.Status);
        var removed = await _client.SendAsync(HttpMethod.Delete, "/approvals/delegations/olga-away", OAuthTestClient.Basic("olga", "olga-pw"));
        Assert.Equal(HttpStatusCode.OK, removed.Status);

        var back = await _client.DeferAsync("agent-a", "report:write", ("resource", "report-q4"));
        Assert.Contains(DeferralCodes.Id(back), await InboxIdsAsync("olga"));
    }

    [Theory]
    [InlineData("{\"to\":\"sue\",\"starts\":\"next tuesday\"}")]
    [InlineData("{\"to\":\"sue\",\"starts\":\"2026-12-02T00:00:00Z\",\"ends\":\"2026-12-01T00:00:00Z\"}")]
    [InlineData("{\"to\":\"nobody-known\"}")]
    [InlineData("[]")]
    public async Task SelfServiceDelegation_Malformed_IsRejectedAndNothingChanges(string body)
    {
        var put = await _client.SendAsync(HttpMethod.Put, "/approvals/delegations/olga-bad", OAuthTestClient.Basic("olga", "olga-pw"), OAuthTestClient.Json(body));
        var listed = await _client.SendAsync(HttpMethod.Get, "/approvals/delegations", OAuthTestClient.Basic("olga", "olga-pw"));

        Assert.Equal(HttpStatusCode.BadRequest, put.Status);
        Assert.Equal("invalid_request", put.Error);
        Assert.DoesNotContain(listed.Json.GetProperty("delegations").EnumerateArray(), d => d.GetProperty("id").GetString() == "olga-bad");
    }

    private static string Payment(int amount) =>
        $"[{{\"type\":\"payment_initiation\",\"amount\":{amount},\"currency\":\"EUR\",\"creditorName\":\"Merchant A\"}}]";

    private async Task<List<string>> InboxIdsAsync(string approver) =>
        [.. (await _client.InboxAsync(approver, "?limit=200")).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    private async Task<List<JsonElement>> AuditAsync(string deferral)
    {
        var reply = await _client.SendAsync(HttpMethod.Get, $"/admin/audit?deferral={deferral}", OAuthTestClient.Basic("dave", "dave-pw"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Json.GetProperty("entries").EnumerateArray()];
    }

    internal static JsonElement Claims(Reply reply)
    {
        Assert.True(reply.Has("access_token"), reply.Body);
        return Jwt.Payload(reply.Json.GetProperty("access_token").GetString()!);
    }

    internal static JsonElement Approval(Reply reply) => Claims(reply).GetProperty("approval");
}
