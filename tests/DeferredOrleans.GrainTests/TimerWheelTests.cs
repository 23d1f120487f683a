using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using Microsoft.Extensions.Time.Testing;

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
