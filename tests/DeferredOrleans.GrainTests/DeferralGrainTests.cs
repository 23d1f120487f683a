using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.GrainTests;

/// <summary>The deferral grain in an in-process cluster on memory storage, with grains on a fake clock.</summary>
public sealed class DeferralGrainTests : IAsyncLifetime
{
    private static readonly PollRequest Agent = new("agent");
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Quorum_TwoOfThree_OneApprovalIsNotEnoughAndTwoIssue()
    {
        var deferral = await CreateAsync(Requests.ToAdmins(Now));

        await deferral.DecideAsync(new ApproverDecision("bob", true));
        var afterOne = await PollAfterIntervalAsync(deferral);
        await deferral.DecideAsync(new ApproverDecision("carol", true));
        var afterTwo = await PollAfterIntervalAsync(deferral);

        Assert.Equal(PollVerdict.Pending, afterOne.Verdict);
        Assert.Equal("step=quorum;approved=1;required=2", afterOne.Progress);
        Assert.Equal(PollVerdict.Issued, afterTwo.Verdict);
        Assert.Equal("quorum", afterTwo.Issuance!.Approval.Method);
        Assert.Equal<string>(["bob", "carol"], afterTwo.Issuance.Approval.Approvers);
    }

    [Fact]
    public async Task StepUp_PasskeyRule_RefusesAPasswordKeepsNothingAndIssuesWithEachApproversAmr()
    {
        var passkey = new AuthenticationRequirement(["hwk"], TimeSpan.FromMinutes(5));
        var plan = Requests.ToAdmins(Now);
        var deferral = await CreateAsync(plan with { Requirements = [plan.Requirements[0] with { Authentication = passkey }] });

        Assert.Equal(("hwk", passkey.MaxAge), Shown((await deferral.GetViewAsync("bob"))!.ApproverAuthentication));
        var password = await deferral.DecideAsync(new ApproverDecision("bob", true, Authentication: new(["pwd"], Now)));
        var stale = await deferral.DecideAsync(new ApproverDecision("bob", true, Authentication: new(["hwk", "user"], Now - TimeSpan.FromMinutes(6))));
        var bob = await deferral.DecideAsync(new ApproverDecision("bob", true, Authentication: new(["hwk", "user"], Now - TimeSpan.FromMinutes(1))));
        var carol = await deferral.DecideAsync(new ApproverDecision("carol", true, Authentication: new(["hwk", "mfa"], Now)));
        var issued = await PollAfterIntervalAsync(deferral);

        Assert.Equal((DecisionResult.StepUpRequired, ("hwk", passkey.MaxAge)), (password.Result, Shown(password.StepUp)));
        Assert.Equal(DecisionResult.StepUpRequired, stale.Result);
        Assert.Equal((DecisionResult.Recorded, DecisionResult.Recorded), (bob.Result, carol.Result));
        Assert.Equal(PollVerdict.Issued, issued.Verdict);
        Assert.Equal<string>(["bob", "carol"], issued.Issuance!.Approval.Approvers);
        Assert.Equal(["hwk user", "hwk mfa"], issued.Issuance.Approval.Methods!.Value.Select(m => string.Join(' ', m)));

        // Immutable arrays compare by reference: a requirement read back from the grain is compared by its values.
        static (string, TimeSpan?) Shown(AuthenticationRequirement? required) => (string.Join(' ', required!.Methods), required.MaxAge);
    }

    [Fact]
    public async Task Quorum_SameApproverTwice_CountsOnce()
    {
        var deferral = await CreateAsync(Requests.ToAdmins(Now));

        await deferral.DecideAsync(new ApproverDecision("bob", true));
        var again = await deferral.DecideAsync(new ApproverDecision("bob", true));

        Assert.Equal(DecisionResult.AlreadyDecided, again.Result);
        Assert.Equal(PollVerdict.Pending, (await PollAfterIntervalAsync(deferral)).Verdict);
    }

    [Fact]
    public async Task Veto_OneDenial_DeniesTheRequest()
    {
        var deferral = await CreateAsync(Requests.ToAdmins(Now));

        await deferral.DecideAsync(new ApproverDecision("bob", true));
        var denial = await deferral.DecideAsync(new ApproverDecision("dave", false, "not this week"));

        Assert.Equal(DeferralStatus.Denied, denial.Status);
        Assert.Equal(PollVerdict.Denied, (await PollAfterIntervalAsync(deferral)).Verdict);
        Assert.Equal(DecisionResult.NotPending, (await deferral.DecideAsync(new ApproverDecision("carol", true))).Result);
    }

    [Fact]
    public async Task Expiry_NoDecisionInTime_PollGetsExpiredAndLateApprovalIsRefused()
    {
        var deferral = await CreateAsync(Requests.ToOwner(Now, expiresIn: TimeSpan.FromMinutes(2)));

        _cluster.Time.Advance(TimeSpan.FromMinutes(2));
        var late = await deferral.DecideAsync(new ApproverDecision("alice", true));

        Assert.Equal(PollVerdict.Expired, (await deferral.PollAsync(Agent)).Verdict);
        Assert.Equal((DecisionResult.NotPending, DeferralStatus.Expired), (late.Result, late.Status));
    }

    [Fact]
    public async Task SlowDown_PollingTooFast_AddsFiveSecondsForLaterPolls()
    {
        var deferral = await CreateAsync(Requests.ToOwner(Now));

        _cluster.Time.Advance(TimeSpan.FromSeconds(4));
        var early = await deferral.PollAsync(Agent);
        _cluster.Time.Advance(TimeSpan.FromSeconds(9));
        var stillEarly = await deferral.PollAsync(Agent);
        _cluster.Time.Advance(TimeSpan.FromSeconds(15));
        var onTime = await deferral.PollAsync(Agent);

        Assert.Equal(PollVerdict.SlowDown, early.Verdict);
        Assert.Equal(PollVerdict.SlowDown, stillEarly.Verdict);
        Assert.Equal(PollVerdict.Pending, onTime.Verdict);
    }

    [Fact]
    public async Task SingleUse_FiftyConcurrentPollsAfterApproval_IssueExactlyOnce()
    {
        var deferral = await CreateAsync(Requests.ToOwner(Now));
        await deferral.DecideAsync(new ApproverDecision("alice", true));
        _cluster.Time.Advance(TimeSpan.FromSeconds(5));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => deferral.PollAsync(Agent)));

        Assert.Single(outcomes, o => o.Verdict == PollVerdict.Issued);
        Assert.All(outcomes.Where(o => o.Verdict != PollVerdict.Issued), o => Assert.Contains(o.Verdict, new[] { PollVerdict.Redeemed, PollVerdict.SlowDown }));
        _cluster.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(PollVerdict.Redeemed, (await deferral.PollAsync(Agent)).Verdict);
    }

    [Fact]
    public async Task Poll_ByAnotherClient_LooksUnknownAndLeavesTheCodeUsable()
    {
        var deferral = await CreateAsync(Requests.ToOwner(Now));
        await deferral.DecideAsync(new ApproverDecision("alice", true));
        _cluster.Time.Advance(TimeSpan.FromSeconds(5));

        var intruder = await deferral.PollAsync(new PollRequest("intruder"));
        var owner = await deferral.PollAsync(Agent);

        Assert.Equal(PollVerdict.Unknown, intruder.Verdict);
        Assert.Equal(PollVerdict.Issued, owner.Verdict);
    }

    [Fact]
    public async Task Decide_ByApproverNotRoutedTo_ChangesNothingAndSeesNothing()
    {
        var deferral = await CreateAsync(Requests.ToOwner(Now));

        var outcome = await deferral.DecideAsync(new ApproverDecision("mallory", true));

        Assert.Equal(DecisionResult.NotRouted, outcome.Result);
        Assert.Null(await deferral.GetViewAsync("mallory"));
        Assert.Equal(PollVerdict.Pending, (await PollAfterIntervalAsync(deferral)).Verdict);
    }

    [Fact]
    public async Task UnknownDeferral_PollsAsUnknownAndCannotBeDecided()
    {
        var deferral = _cluster.Grains.GetGrain<IDeferralGrain>(Requests.NewId());

        Assert.Equal(PollVerdict.Unknown, (await deferral.PollAsync(Agent)).Verdict);
        Assert.Equal(DecisionResult.NotRouted, (await deferral.DecideAsync(new ApproverDecision("alice", true))).Result);
    }

    [Fact]
    public async Task Create_PutsTheRequestInEveryRoutedInboxAndResolutionTakesItOut()
    {
        var id = Requests.NewId();
        var deferral = _cluster.Grains.GetGrain<IDeferralGrain>(id);
        await deferral.CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToAdmins(Now)));

        var inboxes = new[] { "bob", "carol", "dave" }.Select(a => _cluster.Grains.GetGrain<IApproverInboxGrain>(a)).ToList();
        foreach (var inbox in inboxes)
        {
            Assert.Contains((await inbox.ListAsync(null, 100)).Items, i => i.DeferralId == id);
        }

        await deferral.DecideAsync(new ApproverDecision("bob", false));
        foreach (var inbox in inboxes)
        {
            await Eventually(async () => (await inbox.ListAsync(null, 100)).Items.All(i => i.DeferralId != id));
        }
    }

    [Fact]
    public async Task Inbox_ManyItems_PagesInCreationOrder()
    {
        var inbox = _cluster.Grains.GetGrain<IApproverInboxGrain>("pager-" + Requests.NewId());
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var id = $"item-{i}";
            ids.Add(id);
            await inbox.AddAsync(new InboxItem(id, Now.AddSeconds(i), Now.AddHours(1)));
        }

        await inbox.AddAsync(new InboxItem("item-3", Now.AddSeconds(3), Now.AddHours(1)));
        var first = await inbox.ListAsync(null, 3);
        var second = await inbox.ListAsync(first.Next, 3);
        var third = await inbox.ListAsync(second.Next, 3);

        Assert.Equal(ids, first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.DeferralId));
        Assert.Null(third.Next);
    }

    private DateTimeOffset Now => _cluster.Time.GetUtcNow();

    private async Task<IDeferralGrain> CreateAsync(ApprovalPlan plan)
    {
        var deferral = _cluster.Grains.GetGrain<IDeferralGrain>(Requests.NewId());
        await deferral.CreateAsync(new DeferralStart(Requests.WriteDoc, plan));
        return deferral;
    }

    private async Task<PollOutcome> PollAfterIntervalAsync(IDeferralGrain deferral)
    {
        _cluster.Time.Advance(TimeSpan.FromSeconds(5));
        return await deferral.PollAsync(Agent);
    }

    /// <summary>For one-way effects: checks again until true, on a bounded real-time budget.</summary>
    internal static async Task Eventually(Func<Task<bool>> condition, int seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The condition did not become true within {seconds} s.");
    }
}
