using System.Collections.Immutable;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The approval engine inside the deferral grain: stages that open one after the other, escalation announced by a
/// reminder, delegates named in the evidence, and inboxes that follow every change.
/// </summary>
public sealed class ApprovalEngineGrainTests : IAsyncLifetime
{
    private static readonly PollRequest Agent = new("agent");
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private DateTimeOffset Now => _cluster.Time.GetUtcNow();

    [Fact]
    public async Task Stages_SecondStageOpensOnlyAfterTheFirstApproved()
    {
        var (id, deferral) = await CreateAsync(ManagerThenSecurity());

        var early = await deferral.DecideAsync(new ApproverDecision("sam", true));
        Assert.Equal(DecisionResult.NotRouted, early.Result);
        Assert.DoesNotContain(await InboxAsync("sam"), i => i == id);

        await deferral.DecideAsync(new ApproverDecision("mia", true));
        var between = await PollAfterIntervalAsync(deferral);
        Assert.Equal(PollVerdict.Pending, between.Verdict);
        Assert.Equal("step=security;approved=0;required=1", between.Progress);
        Assert.Contains(await InboxAsync("sam"), i => i == id);
        Assert.Contains(await InboxAsync("sue"), i => i == id);

        await deferral.DecideAsync(new ApproverDecision("sue", true));
        var issued = await PollAfterIntervalAsync(deferral);
        Assert.Equal(PollVerdict.Issued, issued.Verdict);
        Assert.Equal("multi_party", issued.Issuance!.Approval.Method);
        Assert.Equal<string>(["mia", "sue"], issued.Issuance.Approval.Approvers);
    }

    [Fact]
    public async Task Stages_DenialInTheFirstStage_NeverOpensTheSecond()
    {
        var (id, deferral) = await CreateAsync(ManagerThenSecurity());

        await deferral.DecideAsync(new ApproverDecision("mia", false));

        Assert.Equal(PollVerdict.Denied, (await PollAfterIntervalAsync(deferral)).Verdict);
        Assert.DoesNotContain(await InboxAsync("sam"), i => i == id);
    }

    [Fact]
    public async Task Delegate_ApprovesForTheOwner_EvidenceNamesBoth()
    {
        var (_, deferral) = await CreateAsync(Plan(new ApprovalRequirement("owner", ApprovalRoute.Delegate, ["mia"], 1, OnBehalfOf: "ian")));

        Assert.Equal(DecisionResult.NotRouted, (await deferral.DecideAsync(new ApproverDecision("ian", true))).Result);
        await deferral.DecideAsync(new ApproverDecision("mia", true));
        var issued = await PollAfterIntervalAsync(deferral);

        var evidence = issued.Issuance!.Approval;
        Assert.Equal("delegate", evidence.Method);
        Assert.Equal<string>(["mia"], evidence.Approvers);
        var delegation = Assert.Single(evidence.Delegations!.Value);
        Assert.Equal(("mia", "ian"), (delegation.ApproverId, delegation.OnBehalfOf));
    }

    [Fact]
    public async Task Escalation_NobodyDecides_TheReminderAsksTheNextLevelWhoCanThenApprove()
    {
        var (id, deferral) = await CreateAsync(Plan(new ApprovalRequirement(
            "owner", ApprovalRoute.NamedApprovers, ["carol"], 1, EscalateAfter: TimeSpan.FromSeconds(2), EscalationApprovers: ImmutableArray.Create("dave"))));

        Assert.Equal(DecisionResult.NotRouted, (await deferral.DecideAsync(new ApproverDecision("dave", true))).Result);
        Assert.DoesNotContain(await InboxAsync("dave"), i => i == id);

        // The reminder runs on real time, due in 2 s; by then the grains' clock is past the escalation deadline too.
        _cluster.Time.Advance(TimeSpan.FromSeconds(3));
        await DeferralGrainTests.Eventually(async () => (await InboxAsync("dave")).Contains(id), seconds: 30);

        Assert.Equal(DecisionResult.Recorded, (await deferral.DecideAsync(new ApproverDecision("dave", true))).Result);
        Assert.Equal(PollVerdict.Issued, (await PollAfterIntervalAsync(deferral)).Verdict);
        var trail = await _cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).QueryAsync(new AuditQuery(DeferralId: id));
        Assert.Contains(trail, e => e.Event.Kind == "escalation");
    }

    [Fact]
    public async Task Resolution_TakesTheItemOutOfEveryInboxIncludingLaterStages()
    {
        var (id, deferral) = await CreateAsync(ManagerThenSecurity());
        await deferral.DecideAsync(new ApproverDecision("mia", true));

        await deferral.CancelAsync(new CancelRequest("agent"));

        foreach (var approver in new[] { "mia", "sam", "sue" })
        {
            await DeferralGrainTests.Eventually(async () => !(await InboxAsync(approver)).Contains(id));
        }
    }

    /// <summary>Two stages: mia (manager) first, then one of sam and sue (security).</summary>
    private static ApprovalPlan ManagerThenSecurity() => Plan(
        new ApprovalRequirement("manager", ApprovalRoute.Manager, ["mia"], 1, Stage: 0),
        new ApprovalRequirement("security", ApprovalRoute.Group, ["sam", "sue"], 1, Stage: 1));

    private static ApprovalPlan Plan(params ApprovalRequirement[] requirements) =>
        new("rule", [.. requirements], DateTimeOffset.UtcNow.AddYears(1), 5, TimeSpan.FromHours(1));

    private async Task<(string Id, IDeferralGrain Grain)> CreateAsync(ApprovalPlan plan)
    {
        var id = Requests.NewId();
        var deferral = _cluster.Grains.GetGrain<IDeferralGrain>(id);
        await deferral.CreateAsync(new DeferralStart(Requests.WriteDoc, plan with { ExpiresAt = Now.AddMinutes(10) }));
        return (id, deferral);
    }

    private async Task<List<string>> InboxAsync(string approver) =>
        [.. (await _cluster.Grains.GetGrain<IApproverInboxGrain>(approver).ListAsync(null, 200)).Items.Select(i => i.DeferralId)];

    private async Task<PollOutcome> PollAfterIntervalAsync(IDeferralGrain deferral)
    {
        _cluster.Time.Advance(TimeSpan.FromSeconds(5));
        return await deferral.PollAsync(Agent);
    }
}
