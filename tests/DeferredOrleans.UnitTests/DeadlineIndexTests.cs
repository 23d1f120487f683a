using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>A timer-wheel bucket's wake-ups in memory: the next due time and what is due, without a scan.</summary>
public sealed class DeadlineIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAndDueBy_FollowTheDueTimes_NotTheOrderOfAdding()
    {
        var index = new DeadlineIndex([], 0);
        index.Add(new("c", Now.AddSeconds(30)));
        index.Add(new("a", Now.AddSeconds(10)));
        index.Add(new("b", Now.AddSeconds(20)));

        Assert.Equal(Now.AddSeconds(10), index.Next);
        Assert.Equal(["a", "b"], index.DueBy(Now.AddSeconds(20)).Select(d => d.DeferralId));
        Assert.Empty(index.DueBy(Now));
    }

    [Fact]
    public void OneDeferral_MayBeDueAtTwoTimes_AndEachIsForgottenOnItsOwn()
    {
        var index = new DeadlineIndex([], 0);
        var escalation = new Deadline("a", Now.AddSeconds(10));
        var expiry = new Deadline("a", Now.AddSeconds(50));

        Assert.True(index.Add(escalation));
        Assert.True(index.Add(expiry));
        Assert.False(index.Add(expiry));
        Assert.True(index.Remove(escalation));

        Assert.Equal(Now.AddSeconds(50), index.Next);
        Assert.False(index.Remove(escalation));
        Assert.True(index.Remove(expiry));
        Assert.True(index.IsEmpty);
        Assert.Null(index.Next);
    }

    [Fact]
    public void Segments_HoldAtMostTheCapacity_AndLoadBackTheSameWakeUps()
    {
        var index = new DeadlineIndex([], 0);
        var all = Enumerable.Range(0, 2 * DeadlineIndex.SegmentCapacity + 1).Select(n => new Deadline($"d{n}", Now.AddSeconds(n % 7))).ToList();
        all.ForEach(d => index.Add(d));

        Assert.Equal([0, 1, 2], index.Segments);
        Assert.All(index.Segments, n => Assert.InRange(index.Segment(n).Count, 1, DeadlineIndex.SegmentCapacity));

        var loaded = new DeadlineIndex(index.Segments.Select(n => (n, (IEnumerable<Deadline>)index.Segment(n))), index.NextSegment);
        Assert.Equal(all.Count, loaded.Count);
        Assert.Equal(index.DueBy(Now.AddSeconds(3)), loaded.DueBy(Now.AddSeconds(3)));
    }
}
