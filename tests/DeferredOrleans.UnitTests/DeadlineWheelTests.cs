using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>The timer wheel's placement and the deferral's next wake-up.</summary>
public sealed class DeadlineWheelTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    [Fact]
    public void Shard_IsStableAcrossProcesses_AndSpreadsIds()
    {
        // Pinned values: a change here would move every stored wake-up to another bucket.
        Assert.Equal(DeadlineWheel.Shard("abc"), DeadlineWheel.Shard(new string(['a', 'b', 'c'])));
        Assert.Equal(3, DeadlineWheel.Shard("abc"));
        var shards = Enumerable.Range(0, 800).Select(i => DeadlineWheel.Shard($"deferral-{i}")).GroupBy(s => s).ToList();
        Assert.Equal(DeadlineWheel.Shards, shards.Count);
        Assert.All(shards, s => Assert.InRange(s.Count(), 50, 150));
    }

    [Theory]
    [InlineData("2026-11-26T09:00:00Z", "2026-11-26T09:00:59.999Z", true)]
    [InlineData("2026-11-26T09:00:59Z", "2026-11-26T09:01:00Z", false)]
    public void BucketKey_OneBucketPerMinuteAndShard(string first, string second, bool same)
    {
        var a = DeadlineWheel.BucketKey("abc", DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture));
        var b = DeadlineWheel.BucketKey("abc", DateTimeOffset.Parse(second, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(same, a == b);
        Assert.EndsWith("/3", a, StringComparison.Ordinal);
    }

    [Fact]
    public void NextWake_PendingWithoutEscalation_IsTheExpiry() =>
        Assert.Equal(T0 + TimeSpan.FromMinutes(10), DeadlineWheel.NextWake(Pending(), T0, Retention));

    [Fact]
    public void NextWake_AnEscalationBeforeExpiry_ComesFirst_AndOnceAnnouncedTheExpiry()
    {
        var state = Pending([Owner() with { EscalateAfter = TimeSpan.FromMinutes(3), EscalationApprovers = ["dave"] }]);

        Assert.Equal(T0 + TimeSpan.FromMinutes(3), DeadlineWheel.NextWake(state, T0, Retention));
        Assert.Equal(T0 + TimeSpan.FromMinutes(10), DeadlineWheel.NextWake(state with { EscalationsAnnounced = [0] }, T0, Retention));
    }

    [Fact]
    public void NextWake_ResolvedOrExpired_IsThePurge()
    {
        var denied = Pending().Decide("alice", approve: false, TimeSpan.FromMinutes(1));

        Assert.Equal(DeferralStatus.Denied, denied.Status);
        Assert.Equal(T0 + TimeSpan.FromMinutes(10) + Retention, DeadlineWheel.NextWake(denied, T0 + TimeSpan.FromMinutes(1), Retention));
        Assert.Equal(T0 + TimeSpan.FromMinutes(10) + Retention, DeadlineWheel.NextWake(Pending(), T0 + TimeSpan.FromMinutes(11), Retention));
    }

    [Fact]
    public void NextWake_ApprovedAwaitingRedemption_IsTheExpiryEvenWithAnOpenEscalation()
    {
        var approved = Pending([Owner() with { EscalateAfter = TimeSpan.FromMinutes(3), EscalationApprovers = ["dave"] }]).Decide("alice", approve: true, TimeSpan.FromMinutes(1));

        Assert.Equal(T0 + TimeSpan.FromMinutes(10), DeadlineWheel.NextWake(approved, T0 + TimeSpan.FromMinutes(1), Retention));
    }

    [Fact]
    public void NextWake_NothingStored_IsNone() =>
        Assert.Null(DeadlineWheel.NextWake(new DeferralState(), T0, Retention));
}
