using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Grains;
using DeferredOrleans.Grains.Deferrals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The deferrals' durable timer wheel on a real SQLite file: creating a deferral registers no reminder of its own,
/// a bucket's one reminder expires every deferral in it, and a silo killed right after the creations loses none.
/// </summary>
public sealed class TimerWheelTests
{
    private static readonly Dictionary<string, string?> FastRetry = new() { ["DeferredOrleans:Deferrals:WakeRetryPeriod"] = "00:00:02" };

    [Fact]
    public async Task Creations_RegisterNoReminderPerDeferral_AndTheBucketsExpireEveryOne()
    {
        using var file = new SqliteFile();
        await using var cluster = await TestCluster.StartAsync(file.Path, settings: FastRetry);
        var ids = Enumerable.Range(0, 60).Select(_ => Requests.NewId()).ToList();

        await Task.WhenAll(ids.Select(id => CreateAsync(cluster, id)));

        Assert.All(ids, id => Assert.Equal(0, file.ReminderCount(id)));
        Assert.InRange(file.ReminderCount("deadlinebucket/"), 1, 2 * Core.Deferrals.DeadlineWheel.Shards);
        cluster.Time.Advance(TimeSpan.FromSeconds(2));
        await AllExpiredAsync(cluster, ids);
    }

    [Fact]
    public async Task SiloKilledRightAfterTheCreations_EveryDeferralIsThereAndStillExpires()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ids = Enumerable.Range(0, 40).Select(_ => Requests.NewId()).ToList();
        var before = await TestCluster.StartAsync(file.Path, time: time, settings: FastRetry);
        await Task.WhenAll(ids.Select(id => CreateAsync(before, id)));
        await before.Cluster.KillSiloAsync(before.Cluster.Silos[0]);
        await before.Cluster.DisposeAsync();

        await using var after = await TestCluster.StartAsync(file.Path, time: time, settings: FastRetry);
        time.Advance(TimeSpan.FromSeconds(2));

        await AllExpiredAsync(after, ids);
    }

    [Fact]
    public async Task ABucketOfManySegments_SurvivesARestart_WakesEveryOne_AndKeepsNoWakeUp()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var due = time.GetUtcNow().AddSeconds(1);
        var key = Abstractions.GrainKeys.DeadlineBucket(due.ToUnixTimeSeconds() / 60, 0);
        var ids = Enumerable.Range(0, 3 * DeadlineIndex.SegmentCapacity + 10).Select(_ => Requests.NewId()).ToList();
        await using (var before = await TestCluster.StartAsync(file.Path, time: time, settings: FastRetry))
        {
            var bucket = before.Grains.GetGrain<IDeadlineBucketGrain>(key);
            await Task.WhenAll(ids.Select(id => bucket.AddAsync(id, due)));
        }

        // Four rows of at most a segment each, and a manifest that only lists them.
        Assert.All(Enumerable.Range(0, 4), n => Assert.Equal(1, file.Rows($"deadlines-segment-{n}")));
        Assert.InRange(file.Payload("deadlines", key)!.Length, 1, 200);

        await using var after = await TestCluster.StartAsync(file.Path, time: time, settings: FastRetry);
        time.Advance(TimeSpan.FromSeconds(2));

        await DeferralGrainTests.Eventually(() => Task.FromResult(Enumerable.Range(0, 4).All(n => file.Payload($"deadlines-segment-{n}", key) is null) && file.ReminderCount(key) == 0), seconds: 60);
        Assert.InRange(file.Payload("deadlines", key)!.Length, 1, 50);
    }

    [Fact]
    public async Task ABucketStoredBeforeSegments_IsMovedIntoSegments_AndStillWakesEveryOne()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var due = time.GetUtcNow().AddSeconds(1);
        var key = Abstractions.GrainKeys.DeadlineBucket(due.ToUnixTimeSeconds() / 60, 3);
        var legacy = Enumerable.Range(0, DeadlineIndex.SegmentCapacity + 4).Select(_ => new Deadline(Requests.NewId(), due)).ToList();
        await using var cluster = await TestCluster.StartAsync(file.Path, time: time, settings: FastRetry);
        var bucket = cluster.Grains.GetGrain<IDeadlineBucketGrain>(key);

        // As the version before segments stored it, before any activation of this bucket: one row with every wake-up.
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Deferrals);
        await storage.WriteStateAsync("deadlines", bucket.GetGrainId(), new GrainState<DeadlineBucketState>(new DeadlineBucketState { Due = [.. legacy] }));
        await bucket.AddAsync(Requests.NewId(), due);

        Assert.Equal(1, file.Rows("deadlines-segment-0"));
        Assert.Equal(1, file.Rows("deadlines-segment-1"));
        Assert.InRange(file.Payload("deadlines", key)!.Length, 1, 200);

        time.Advance(TimeSpan.FromSeconds(2));
        await DeferralGrainTests.Eventually(() => Task.FromResult(file.Payload("deadlines-segment-0", key) is null && file.Payload("deadlines-segment-1", key) is null), seconds: 60);
    }

    [Fact]
    public async Task ABucketThatEmptied_TakesNewWakeUpsAfterItsNextActivation()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(file.Path, time: time, settings: FastRetry);
        var first = Enumerable.Range(0, 3).Select(_ => Requests.NewId()).ToList();
        await Task.WhenAll(first.Select(id => CreateAsync(cluster, id)));
        time.Advance(TimeSpan.FromSeconds(2));
        await AllExpiredAsync(cluster, first);

        // Every bucket emptied and went away; a deferral due within the same minute comes back to one of them.
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = Enumerable.Range(0, 24).Select(_ => Requests.NewId()).ToList();
        await Task.WhenAll(again.Select(id => CreateAsync(cluster, id)));
        time.Advance(TimeSpan.FromSeconds(2));

        await AllExpiredAsync(cluster, again);
    }

    private static Task CreateAsync(TestCluster cluster, string id) =>
        cluster.Grains.GetGrain<IDeferralGrain>(id).CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToOwner(cluster.Time.GetUtcNow(), expiresIn: TimeSpan.FromSeconds(1))));

    /// <summary>Every deferral recorded as expired by its wake-up (not merely past its time) and gone from the inbox.</summary>
    private static async Task AllExpiredAsync(TestCluster cluster, List<string> ids)
    {
        var log = cluster.Grains.GetGrain<Abstractions.Audit.IAuditLogGrain>(Abstractions.GrainKeys.AuditLog);
        await DeferralGrainTests.Eventually(async () =>
        {
            var trails = await Task.WhenAll(ids.Select(id => log.QueryAsync(new Abstractions.Audit.AuditQuery(DeferralId: id))));
            return trails.All(trail => trail.Any(e => e.Event.Kind == "deferral.expired"));
        }, seconds: 60);
        var inbox = await cluster.Grains.GetGrain<IApproverInboxGrain>("alice").ListAsync(null, 500);
        Assert.DoesNotContain(inbox.Items, i => ids.Contains(i.DeferralId));
    }
}
