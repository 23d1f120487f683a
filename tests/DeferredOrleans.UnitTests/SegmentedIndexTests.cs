using DeferredOrleans.Core.Storage;

namespace DeferredOrleans.UnitTests;

/// <summary>The segment bookkeeping shared by inboxes and timer-wheel buckets: what a change touched, and when the list of segments changed.</summary>
public sealed class SegmentedIndexTests
{
    [Fact]
    public void Add_FillsTheOpenSegmentThenOpensTheNext()
    {
        var index = Index();

        Assert.All(Enumerable.Range(0, 7), n => Assert.True(index.Add(n)));

        Assert.Equal([0, 1, 2], index.Segments);
        Assert.Equal(new SegmentChanges([0, 1, 2], SegmentsChanged: true), index.TakeChanges(), Same);
        Assert.Equal([6], index.Segment(2));
        Assert.Equal(3, index.NextSegment);
    }

    [Fact]
    public void Add_OfAKeyAlreadyThere_ChangesNothing()
    {
        var index = Index();
        index.Add(1);
        index.TakeChanges();

        Assert.False(index.Add(1));

        Assert.Equal(new SegmentChanges([], SegmentsChanged: false), index.TakeChanges(), Same);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Remove_TouchesOnlyTheSegmentThatHeldTheEntry_AndDropsItWhenEmpty()
    {
        var index = Index();
        Enumerable.Range(0, 6).ToList().ForEach(n => index.Add(n));
        index.TakeChanges();

        Assert.True(index.Remove(4, out var removed));
        Assert.Equal(4, removed);
        Assert.Equal(new SegmentChanges([1], SegmentsChanged: false), index.TakeChanges(), Same);

        Assert.True(index.Remove(3, out _));
        Assert.True(index.Remove(5, out _));
        Assert.Equal(new SegmentChanges([1], SegmentsChanged: true), index.TakeChanges(), Same);
        Assert.Equal([0], index.Segments);
        Assert.False(index.Remove(5, out _));
    }

    [Fact]
    public void Load_KeepsAnEntryStoredTwiceOnce_AndNumbersNewSegmentsPastTheStoredOnes()
    {
        var index = new SegmentedIndex<int, int>(3, n => n, null, [(4, [1, 2]), (7, [2, 3])], nextSegment: 5);

        Assert.Equal(3, index.Count);
        Assert.Equal(8, index.NextSegment);
        Assert.Equal(new SegmentChanges([], SegmentsChanged: false), index.TakeChanges(), Same);

        // The newest stored segment is the open one while it has room.
        index.Add(9);
        Assert.Equal([3, 9], index.Segment(7).Order());
    }

    private static SegmentedIndex<int, int> Index() => new(3, n => n, null, [], 0);

    private static readonly IEqualityComparer<SegmentChanges> Same = EqualityComparer<SegmentChanges>.Create(
        (a, b) => a!.Touched.SequenceEqual(b!.Touched) && a.SegmentsChanged == b.SegmentsChanged);
}
