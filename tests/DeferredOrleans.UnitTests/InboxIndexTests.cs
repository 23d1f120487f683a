using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Core.Approvals;

namespace DeferredOrleans.UnitTests;

/// <summary>The inbox's segments: what a change touches is what gets stored, and nothing else.</summary>
public sealed class InboxIndexTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static InboxItem Item(int n, int expiresInMinutes = 60) =>
        new($"d{n:D5}", T0.AddSeconds(n), T0.AddSeconds(n).AddMinutes(expiresInMinutes));

    private static InboxIndex Filled(int count)
    {
        var index = new InboxIndex([], 0);
        for (var n = 0; n < count; n++)
        {
            index.Add(Item(n));
        }

        return index;
    }

    private static void AssertChanges(InboxIndex index, int[] touched, bool segmentsChanged)
    {
        var changes = index.TakeChanges();
        Assert.Equal(touched, changes.Touched);
        Assert.Equal(segmentsChanged, changes.SegmentsChanged);
    }

    [Fact]
    public void Add_FillsTheOpenSegmentThenOpensTheNext()
    {
        var index = Filled(InboxIndex.SegmentCapacity + 1);

        Assert.Equal([0, 1], index.Segments);
        Assert.Equal(InboxIndex.SegmentCapacity, index.Segment(0).Count);
        Assert.Equal([Item(InboxIndex.SegmentCapacity)], index.Segment(1));
        AssertChanges(index, [0, 1], true);
    }

    [Fact]
    public void Add_OfAListedDeferral_ChangesNothing()
    {
        var index = Filled(3);
        index.TakeChanges();

        Assert.False(index.Add(Item(1) with { CreatedAt = T0.AddDays(1) }));
        Assert.Empty(index.TakeChanges().Touched);
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void Remove_TouchesOnlyTheSegmentsThatHeldTheEntries()
    {
        var index = Filled(3 * InboxIndex.SegmentCapacity);
        index.TakeChanges();

        Assert.Equal(2, index.Remove(["d00005", $"d{2 * InboxIndex.SegmentCapacity + 5:D5}", "nope"]));

        AssertChanges(index, [0, 2], false);
        Assert.False(index.Contains("d00005"));
        Assert.DoesNotContain(index.Segment(0), i => i.DeferralId == "d00005");
    }

    [Fact]
    public void Remove_OfASegmentsLastEntry_DropsTheSegment()
    {
        var index = Filled(InboxIndex.SegmentCapacity + 1);
        index.TakeChanges();

        index.Remove([$"d{InboxIndex.SegmentCapacity:D5}"]);

        Assert.Equal([0], index.Segments);
        AssertChanges(index, [1], true);

        // Numbers are not reused: the next segment is 2.
        for (var n = 1000; n < 1000 + InboxIndex.SegmentCapacity; n++)
        {
            index.Add(Item(n));
        }

        Assert.Equal([0, 2], index.Segments);
    }

    [Fact]
    public void RemoveExpired_DropsOnlyWhatExpired()
    {
        var index = new InboxIndex([], 0);
        index.Add(Item(1, expiresInMinutes: 1));
        index.Add(Item(2, expiresInMinutes: 10));
        index.Add(Item(3, expiresInMinutes: 1));

        Assert.Equal(2, index.RemoveExpired(T0.AddMinutes(5)));
        Assert.Equal(["d00002"], index.List(null, 10, T0).Page.Select(i => i.DeferralId));
    }

    [Fact]
    public void List_PagesOldestFirstAndSkipsExpiredEntries()
    {
        var index = new InboxIndex([], 0);
        foreach (var n in new[] { 5, 1, 4, 2, 3 })
        {
            index.Add(Item(n, expiresInMinutes: n == 2 ? 0 : 60));
        }

        var first = index.List(null, 2, T0.AddSeconds(30));
        Assert.Equal(["d00001", "d00003"], first.Page.Select(i => i.DeferralId));
        Assert.Equal("d00003", first.Next);

        var second = index.List(first.Next, 2, T0.AddSeconds(30));
        Assert.Equal(["d00004", "d00005"], second.Page.Select(i => i.DeferralId));
        Assert.Null(second.Next);

        Assert.Empty(index.List("unknown", 2, T0).Page);
    }

    [Fact]
    public void Load_FromStoredSegments_ContinuesAfterTheHighestNumber()
    {
        var index = new InboxIndex([(3, [Item(1), Item(2)]), (7, [Item(3)])], nextSegment: 5);

        Assert.Equal(3, index.Count);
        Assert.Equal(8, index.NextSegment);
        Assert.Empty(index.TakeChanges().Touched);

        index.Add(Item(4));
        AssertChanges(index, [7], false);
    }
}
