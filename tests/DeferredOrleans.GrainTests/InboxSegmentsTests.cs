using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Core.Approvals;
using DeferredOrleans.Grains;
using DeferredOrleans.Grains.Approvals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// An inbox stored in segments on a real SQLite file: across a restart it keeps exactly the entries it was told to
/// keep, whichever segments they were in, and an inbox stored by a version before segments is read and moved.
/// </summary>
public sealed class InboxSegmentsTests
{
    [Fact]
    public async Task Restart_InboxOfManySegments_KeepsExactlyTheEntriesLeft()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var items = Enumerable.Range(0, 3 * InboxIndex.SegmentCapacity + 10).Select(n => Item(time, n)).ToList();

        // All of the second segment goes, and every third entry of the others.
        var removed = items.Where((_, n) => n / InboxIndex.SegmentCapacity == 1 || n % 3 == 0).Select(i => i.DeferralId).ToArray();
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var inbox = before.Grains.GetGrain<IApproverInboxGrain>("busy");
            await Task.WhenAll(items.Select(inbox.AddAsync));
            await inbox.RemoveAsync(removed);

            // Removal is one-way: wait until the inbox has done it.
            await DeferralGrainTests.Eventually(async () => (await ListAllAsync(inbox)).Count == items.Count - removed.Length);
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var listed = await ListAllAsync(after.Grains.GetGrain<IApproverInboxGrain>("busy"));

        Assert.Equal(items.Select(i => i.DeferralId).Except(removed).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Activation_OfAnInboxStoredBeforeSegments_MovesItsEntriesIntoSegments()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var items = Enumerable.Range(0, InboxIndex.SegmentCapacity + 5).Select(n => Item(time, n)).ToList();
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var storage = before.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Inboxes);
            var legacy = new GrainState<InboxState>(new InboxState { Items = items });
            await storage.WriteStateAsync("inbox", before.Grains.GetGrain<IApproverInboxGrain>("veteran").GetGrainId(), legacy);

            Assert.Equal(items.Select(i => i.DeferralId), await ListAllAsync(before.Grains.GetGrain<IApproverInboxGrain>("veteran")));
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var inbox = after.Grains.GetGrain<IApproverInboxGrain>("veteran");
        await inbox.RemoveAsync([items[0].DeferralId]);
        await DeferralGrainTests.Eventually(async () => (await ListAllAsync(inbox)).Count == items.Count - 1);
        Assert.Equal(items.Skip(1).Select(i => i.DeferralId), await ListAllAsync(inbox));
    }

    [Fact]
    public async Task AFailedWrite_NeverLeavesTheInboxShowingWhatStorageLacks()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(file.Path, time: time);
        var inbox = cluster.Grains.GetGrain<IApproverInboxGrain>("shaky");
        await inbox.AddAsync(Item(time, 0));

        // The disk refuses the segment's next write.
        using (file.FailWrites("inbox-segment-0"))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => inbox.AddAsync(Item(time, 1)));
        }

        // Until a fresh activation reloads the inbox, changes are refused as transient, never applied to memory only;
        // then the inbox lists what storage holds, and takes new entries again.
        await DeferralGrainTests.Eventually(async () => (await ListAllAsync(inbox)).SequenceEqual([Item(time, 0).DeferralId]));
        await DeferralGrainTests.Eventually(async () =>
        {
            try
            {
                await inbox.AddAsync(Item(time, 2));
                return true;
            }
            catch (OrleansException)
            {
                return false;
            }
        });
        Assert.Equal([Item(time, 0).DeferralId, Item(time, 2).DeferralId], await ListAllAsync(inbox));
    }

    private static InboxItem Item(FakeTimeProvider time, int n) =>
        new($"inbox-test-{n:D5}", time.GetUtcNow().AddSeconds(n), time.GetUtcNow().AddHours(1));

    private static async Task<List<string>> ListAllAsync(IApproverInboxGrain inbox)
    {
        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await inbox.ListAsync(cursor, 100);
            all.AddRange(page.Items.Select(i => i.DeferralId));
            cursor = page.Next;
        }
        while (cursor is not null);

        return all;
    }
}
