using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using Microsoft.Extensions.Time.Testing;

namespace DeferredOrleans.GrainTests;

/// <summary>The embedded profile's promises on a real SQLite file: nothing lost across restarts, polls write nothing.</summary>
public sealed class SqliteDurabilityTests
{
    private static readonly PollRequest Agent = new("agent");

    [Fact]
    public async Task Restart_PartlyApprovedDeferral_KeepsItsStateAndCompletes()
    {
        using var file = new SqliteFile();
        var id = Requests.NewId();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var deferral = await CreateAsync(before, id, Requests.ToAdmins(time.GetUtcNow()));
            await deferral.DecideAsync(new ApproverDecision("bob", true));
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var restored = after.Grains.GetGrain<IDeferralGrain>(id);
        var view = await restored.GetViewAsync("carol");
        Assert.Equal(1, view!.Requirements.Single().Approved);
        Assert.Contains((await after.Grains.GetGrain<IApproverInboxGrain>("carol").ListAsync(null, 10)).Items, i => i.DeferralId == id);

        Assert.Equal(DecisionResult.AlreadyDecided, (await restored.DecideAsync(new ApproverDecision("bob", true))).Result);
        await restored.DecideAsync(new ApproverDecision("carol", true));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PollVerdict.Issued, (await restored.PollAsync(Agent)).Verdict);
    }

    [Fact]
    public async Task Restart_InboxAndDeferralsAgree_PendingItemsStayAndDecidedOnesAreGone()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ids = Enumerable.Range(0, 6).Select(_ => Requests.NewId()).ToList();
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            foreach (var id in ids)
            {
                await CreateAsync(before, id, Requests.ToAdmins(time.GetUtcNow()));
            }

            await before.Grains.GetGrain<IDeferralGrain>(ids[0]).DecideAsync(new ApproverDecision("bob", false));
            await before.Grains.GetGrain<IDeferralGrain>(ids[1]).CancelAsync(new CancelRequest("agent"));
            await DeferralGrainTests.Eventually(async () =>
                (await before.Grains.GetGrain<IApproverInboxGrain>("carol").ListAsync(null, 100)).Items.Count(i => ids.Contains(i.DeferralId)) == 4);
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        foreach (var approver in new[] { "bob", "carol", "dave" })
        {
            var listed = (await after.Grains.GetGrain<IApproverInboxGrain>(approver).ListAsync(null, 100)).Items.Select(i => i.DeferralId).ToHashSet();
            Assert.Equal(ids.Skip(2).ToHashSet(), listed.Intersect(ids).ToHashSet());
        }
    }

    [Fact]
    public async Task Restart_AfterRedemption_TheCodeStaysSpent()
    {
        using var file = new SqliteFile();
        var id = Requests.NewId();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var deferral = await CreateAsync(before, id, Requests.ToOwner(time.GetUtcNow()));
            await deferral.DecideAsync(new ApproverDecision("alice", true));
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(PollVerdict.Issued, (await deferral.PollAsync(Agent)).Verdict);
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PollVerdict.Redeemed, (await after.Grains.GetGrain<IDeferralGrain>(id).PollAsync(Agent)).Verdict);
    }

    [Fact]
    public async Task PollPath_PendingSlowDownAndUnknownPolls_WriteNothing()
    {
        using var file = new SqliteFile();
        await using var cluster = await TestCluster.StartAsync(file.Path);
        var id = Requests.NewId();
        var deferral = await CreateAsync(cluster, id, Requests.ToOwner(cluster.Time.GetUtcNow()));
        var created = file.StateVersion("deferral", id);
        Assert.NotNull(created);
        var reminders = file.ReminderVersionSum();

        // Each round: one poll too early (slow_down), then one after the grown interval (pending).
        var verdicts = new List<PollVerdict>();
        for (var slowDowns = 0; slowDowns < 6; slowDowns++)
        {
            cluster.Time.Advance(TimeSpan.FromSeconds(1));
            verdicts.Add((await deferral.PollAsync(Agent)).Verdict);
            cluster.Time.Advance(PollRules.EffectiveInterval(5, slowDowns + 1));
            verdicts.Add((await deferral.PollAsync(Agent)).Verdict);
            verdicts.Add((await deferral.PollAsync(new PollRequest("intruder"))).Verdict);
        }

        Assert.Contains(PollVerdict.Pending, verdicts);
        Assert.Contains(PollVerdict.SlowDown, verdicts);
        Assert.Contains(PollVerdict.Unknown, verdicts);
        Assert.Equal(created, file.StateVersion("deferral", id));
        Assert.Equal(reminders, file.ReminderVersionSum());

        await deferral.DecideAsync(new ApproverDecision("alice", true));
        Assert.Equal(created + 1, file.StateVersion("deferral", id));
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(PollVerdict.Issued, (await deferral.PollAsync(Agent)).Verdict);
        Assert.Equal(created + 2, file.StateVersion("deferral", id));
    }

    [Fact]
    public async Task Expiry_TheTimerWheelFiresOnRealTime_RecordsExpiryAndEmptiesInboxes()
    {
        using var file = new SqliteFile();
        await using var cluster = await TestCluster.StartAsync(file.Path);
        var id = Requests.NewId();
        var deferral = await CreateAsync(cluster, id, Requests.ToOwner(cluster.Time.GetUtcNow(), expiresIn: TimeSpan.FromSeconds(1)));
        var created = file.StateVersion("deferral", id);
        Assert.Equal(1, created);
        Assert.Equal(0, file.ReminderCount(id));
        Assert.Equal(1, file.ReminderCount("deadlinebucket/"));

        // The bucket's reminder runs on real time and is due in 1 s; by then the grains' clock is past expiry too.
        cluster.Time.Advance(TimeSpan.FromSeconds(2));
        await DeferralGrainTests.Eventually(() => Task.FromResult(file.StateVersion("deferral", id) > created), seconds: 30);

        Assert.Equal(DeferralStatus.Expired, (await deferral.GetViewAsync("alice"))!.Status);
        Assert.DoesNotContain((await cluster.Grains.GetGrain<IApproverInboxGrain>("alice").ListAsync(null, 10)).Items, i => i.DeferralId == id);
    }

    internal static async Task<IDeferralGrain> CreateAsync(TestCluster cluster, string id, ApprovalPlan plan)
    {
        var deferral = cluster.Grains.GetGrain<IDeferralGrain>(id);
        await deferral.CreateAsync(new DeferralStart(Requests.WriteDoc, plan));
        return deferral;
    }
}
