using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The audit log and the inboxes group-commit concurrent changes: every caller's change is durable when it returns,
/// nothing is lost or duplicated, and an audit shard's chain stays whole across its blocks.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task AuditShard_SevenHundredConcurrentAppends_GetDistinctSequencesInFewerBlocksAndVerifyAfterARestart()
    {
        using var file = new SqliteFile();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var shard = before.Grains.GetGrain<IAuditShardGrain>(3);
            var entries = await Task.WhenAll(Enumerable.Range(0, 700).Select(i => shard.AppendAsync(new AuditEvent("test.event", time.GetUtcNow(), Detail: $"event {i}"))));

            Assert.Equal(Enumerable.Range(1, 700).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
            Assert.All(entries, e => Assert.Equal(3, e.Shard));

            // One block row per flush, each written once: far fewer than one per event.
            Assert.InRange(file.Rows("audit-block"), 1, 350);
            Assert.Equal(1, file.StateVersion("audit-block", "3-0"));
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var restarted = after.Grains.GetGrain<IAuditShardGrain>(3);
        var verification = await restarted.VerifyAsync([700]);
        Assert.Null(verification.Problem);
        Assert.Equal(700, verification.Entries);
        Assert.Equal((await restarted.HeadAsync()).Head, Assert.Single(verification.At).Head);
        Assert.Equal(701, (await restarted.AppendAsync(new AuditEvent("test.event", time.GetUtcNow()))).Sequence);
    }

    [Fact]
    public async Task AuditLog_SevenHundredConcurrentAppendsThroughTheStatelessWorker_ReachTheShardTogether()
    {
        using var file = new SqliteFile();
        await using var cluster = await TestCluster.StartAsync(file.Path);
        var log = cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
        var deferral = Requests.NewId();

        // One deferral's events go to one shard. The worker in front of the shards must let them through together: a
        // worker that took one call at a time held the silo to as many appends in flight as it has cores, and the
        // shard wrote a block for every one or two of them.
        var entries = await Task.WhenAll(Enumerable.Range(0, 700).Select(i =>
            log.AppendManyAsync([new AuditEvent("test.event", cluster.Time.GetUtcNow(), DeferralId: deferral, Detail: $"event {i}")])));

        Assert.Equal(700, entries.SelectMany(e => e).Select(e => e.Sequence).Distinct().Count());
        Assert.InRange(file.Rows("audit-block"), 1, 70);
    }

    [Fact]
    public async Task Inbox_ThreeHundredConcurrentAddsAndSomeRemoves_AllDurableAfterARestart()
    {
        using var file = new SqliteFile();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var ids = Enumerable.Range(0, 300).Select(_ => Requests.NewId()).ToList();
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var inbox = before.Grains.GetGrain<IApproverInboxGrain>("busy-approver");
            await Task.WhenAll(ids.Select((id, i) => inbox.AddAsync(new InboxItem(id, time.GetUtcNow().AddMilliseconds(i), time.GetUtcNow().AddHours(1)))));
            await Task.WhenAll(ids.Take(100).Select(id => inbox.RemoveAsync([id])));

            // Removal is one-way: wait until it has happened before stopping.
            await DeferralGrainTests.Eventually(async () => (await inbox.ListAsync(null, 500)).Items.Length == 200);
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var page = await after.Grains.GetGrain<IApproverInboxGrain>("busy-approver").ListAsync(null, 500);

        Assert.Equal(ids.Skip(100), page.Items.Select(i => i.DeferralId));
    }

    [Fact]
    public async Task Inbox_AChangeThatChangesNothing_DoesNotStallLaterChanges()
    {
        await using var cluster = await TestCluster.StartAsync();
        var inbox = cluster.Grains.GetGrain<IApproverInboxGrain>("idle-approver");
        var item = new InboxItem(Requests.NewId(), cluster.Time.GetUtcNow(), cluster.Time.GetUtcNow().AddHours(1));
        await inbox.AddAsync(item);

        // A duplicate add writes nothing, so its flush finishes at once; the next change must still be stored.
        await inbox.AddAsync(item);
        var second = new InboxItem(Requests.NewId(), cluster.Time.GetUtcNow().AddSeconds(1), cluster.Time.GetUtcNow().AddHours(1));
        await inbox.AddAsync(second).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([item.DeferralId, second.DeferralId], (await inbox.ListAsync(null, 10)).Items.Select(i => i.DeferralId));
    }
}
