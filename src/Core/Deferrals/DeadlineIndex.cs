using DeferredOrleans.Core.Storage;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// One timer-wheel bucket's wake-ups in memory, kept in segments of at most <see cref="SegmentCapacity"/> so that
/// storing an added or answered wake-up rewrites one small segment, not every wake-up of the bucket
/// (<see cref="SegmentedIndex{TKey, TItem}"/>), and ordered by due time, so that the next due time and the due
/// wake-ups are found without a scan.
/// </summary>
public sealed class DeadlineIndex
{
    public const int SegmentCapacity = 128;

    private static readonly IComparer<Deadline> ByDueTime = Comparer<Deadline>.Create((a, b) =>
    {
        var byTime = a.DueAt.CompareTo(b.DueAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.DeferralId, b.DeferralId);
    });

    private readonly SortedSet<Deadline> _byDueTime = new(ByDueTime);
    private readonly SegmentedIndex<Deadline, Deadline> _entries;

    /// <summary>Loads stored segments (<paramref name="nextSegment"/> is the number the next new segment gets).</summary>
    public DeadlineIndex(IEnumerable<(int Segment, IEnumerable<Deadline> Due)> stored, int nextSegment)
    {
        _entries = new(SegmentCapacity, d => d, null, stored, nextSegment);
        _byDueTime.UnionWith(_entries.Items);
    }

    public int Count => _entries.Count;

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>The earliest due time, or null when nothing is due.</summary>
    public DateTimeOffset? Next => _byDueTime.Count == 0 ? null : _byDueTime.Min.DueAt;

    /// <summary>The segments that hold wake-ups, in order.</summary>
    public IReadOnlyCollection<int> Segments => _entries.Segments;

    public int NextSegment => _entries.NextSegment;

    /// <summary>Adds a wake-up; false if the same deferral is already due at the same time.</summary>
    public bool Add(Deadline deadline) => _entries.Add(deadline) && _byDueTime.Add(deadline);

    /// <summary>Forgets a wake-up; false if it was not there.</summary>
    public bool Remove(Deadline deadline) => _entries.Remove(deadline, out _) && _byDueTime.Remove(deadline);

    /// <summary>Every wake-up due by <paramref name="now"/>, earliest first.</summary>
    public IReadOnlyList<Deadline> DueBy(DateTimeOffset now) =>
        [.. _byDueTime.TakeWhile(d => d.DueAt <= now)];

    /// <summary>The wake-ups of one segment, in no particular order.</summary>
    public IReadOnlyList<Deadline> Segment(int segment) => [.. _entries.Segment(segment)];

    /// <summary>What changed since the last call (<see cref="SegmentedIndex{TKey, TItem}.TakeChanges"/>).</summary>
    public SegmentChanges TakeChanges() => _entries.TakeChanges();
}
