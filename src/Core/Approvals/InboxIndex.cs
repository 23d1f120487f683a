using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Core.Storage;

namespace DeferredOrleans.Core.Approvals;

/// <summary>
/// An approver's inbox in memory, kept in segments of at most <see cref="SegmentCapacity"/> entries so that storing a
/// change rewrites one small segment rather than every pending request routed to the approver. New entries go to the
/// open (newest) segment; a removal touches the segment that holds the entry; a segment left empty is dropped
/// (<see cref="SegmentedIndex{TKey, TItem}"/>). Every operation is O(log n) in the number of entries, ordered by
/// creation for listing and by expiry for dropping.
/// </summary>
public sealed class InboxIndex
{
    public const int SegmentCapacity = 64;

    private static readonly IComparer<InboxItem> ByCreation = Comparer<InboxItem>.Create((a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.DeferralId, b.DeferralId);
    });

    private static readonly IComparer<InboxItem> ByExpiry = Comparer<InboxItem>.Create((a, b) =>
    {
        var byTime = a.ExpiresAt.CompareTo(b.ExpiresAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.DeferralId, b.DeferralId);
    });

    private readonly SortedSet<InboxItem> _byCreation = new(ByCreation);
    private readonly SortedSet<InboxItem> _byExpiry = new(ByExpiry);
    private readonly SegmentedIndex<string, InboxItem> _entries;

    /// <summary>Loads stored segments (<paramref name="nextSegment"/> is the number the next new segment gets).</summary>
    public InboxIndex(IEnumerable<(int Segment, IEnumerable<InboxItem> Items)> stored, int nextSegment)
    {
        _entries = new(SegmentCapacity, i => i.DeferralId, StringComparer.Ordinal, stored, nextSegment);
        foreach (var item in _entries.Items)
        {
            _byCreation.Add(item);
            _byExpiry.Add(item);
        }
    }

    public int Count => _entries.Count;

    /// <summary>The segments that hold entries, in order.</summary>
    public IReadOnlyCollection<int> Segments => _entries.Segments;

    public int NextSegment => _entries.NextSegment;

    public bool Contains(string deferralId) => _entries.Contains(deferralId);

    /// <summary>Adds the entry to the open segment; false if the deferral is already listed.</summary>
    public bool Add(InboxItem item)
    {
        if (!_entries.Add(item))
        {
            return false;
        }

        _byCreation.Add(item);
        _byExpiry.Add(item);
        return true;
    }

    /// <summary>Removes the listed deferrals; the number removed.</summary>
    public int Remove(IEnumerable<string> deferralIds) => deferralIds.Count(Remove);

    /// <summary>Removes every entry that expired by <paramref name="now"/>; the number removed.</summary>
    public int RemoveExpired(DateTimeOffset now)
    {
        var removed = 0;
        while (_byExpiry.Count > 0 && _byExpiry.Min!.ExpiresAt <= now)
        {
            removed += Remove(_byExpiry.Min.DeferralId) ? 1 : 0;
        }

        return removed;
    }

    /// <summary>Up to <paramref name="limit"/> entries not expired at <paramref name="now"/>, oldest first, after the entry <paramref name="after"/> (null: from the start).</summary>
    public (IReadOnlyList<InboxItem> Page, string? Next) List(string? after, int limit, DateTimeOffset now)
    {
        IEnumerable<InboxItem> from = _byCreation;
        if (after is not null)
        {
            if (!_entries.TryGet(after, out var cursor))
            {
                return ([], null);
            }

            from = _byCreation.GetViewBetween(cursor, _byCreation.Max!).Skip(1);
        }

        var live = from.Where(i => i.ExpiresAt > now);
        var page = live.Take(limit + 1).ToList();
        if (page.Count <= limit)
        {
            return (page, null);
        }

        page.RemoveAt(limit);
        return (page, page[^1].DeferralId);
    }

    /// <summary>The entries of one segment, oldest first.</summary>
    public IReadOnlyList<InboxItem> Segment(int segment) => [.. _entries.Segment(segment).Order(ByCreation)];

    /// <summary>What changed since the last call (<see cref="SegmentedIndex{TKey, TItem}.TakeChanges"/>).</summary>
    public SegmentChanges TakeChanges() => _entries.TakeChanges();

    private bool Remove(string deferralId)
    {
        if (!_entries.Remove(deferralId, out var item))
        {
            return false;
        }

        _byCreation.Remove(item);
        _byExpiry.Remove(item);
        return true;
    }
}
