using DeferredOrleans.Abstractions.Approvals;

namespace DeferredOrleans.Core.Approvals;

/// <summary>
/// An approver's inbox in memory, kept in segments of at most <see cref="SegmentCapacity"/> entries so that storing a
/// change rewrites one small segment rather than every pending request routed to the approver. New entries go to the
/// open (newest) segment; a removal touches the segment that holds the entry; a segment left empty is dropped. Every
/// operation is O(log n) in the number of entries, and what a change touched is collected for the next write
/// (<see cref="TakeChanges"/>).
/// </summary>
public sealed class InboxIndex
{
    public const int SegmentCapacity = 256;

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
    private readonly Dictionary<string, (InboxItem Item, int Segment)> _entries = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, HashSet<string>> _segments = [];
    private readonly HashSet<int> _touched = [];
    private int _nextSegment;
    private int? _open;
    private bool _segmentsChanged;

    /// <summary>Loads stored segments (<paramref name="nextSegment"/> is the number the next new segment gets).</summary>
    public InboxIndex(IEnumerable<(int Segment, IEnumerable<InboxItem> Items)> stored, int nextSegment)
    {
        _nextSegment = nextSegment;
        foreach (var (segment, items) in stored)
        {
            _nextSegment = Math.Max(_nextSegment, segment + 1);
            _open = Math.Max(_open ?? segment, segment);
            foreach (var item in items)
            {
                Place(item, segment);
            }
        }
    }

    public int Count => _entries.Count;

    /// <summary>The segments that hold entries, in order.</summary>
    public IReadOnlyCollection<int> Segments => _segments.Keys;

    public int NextSegment => _nextSegment;

    public bool Contains(string deferralId) => _entries.ContainsKey(deferralId);

    public bool HasSegment(int segment) => _segments.ContainsKey(segment);

    /// <summary>Adds the entry to the open segment; false if the deferral is already listed.</summary>
    public bool Add(InboxItem item)
    {
        if (_entries.ContainsKey(item.DeferralId))
        {
            return false;
        }

        if (_open is not { } open || !_segments.TryGetValue(open, out var ids) || ids.Count >= SegmentCapacity)
        {
            _open = open = _nextSegment++;
            _segmentsChanged = true;
        }

        Place(item, open);
        _touched.Add(open);
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
            if (!_entries.TryGetValue(after, out var cursor))
            {
                return ([], null);
            }

            from = _byCreation.GetViewBetween(cursor.Item, _byCreation.Max!).Skip(1);
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
    public IReadOnlyList<InboxItem> Segment(int segment) =>
        _segments.TryGetValue(segment, out var ids) ? [.. ids.Select(id => _entries[id].Item).Order(ByCreation)] : [];

    /// <summary>
    /// What changed since the last call: the segments to store (an empty one is to be cleared) and whether the list of
    /// segments changed (a segment was opened or dropped). Clears the record.
    /// </summary>
    public (IReadOnlyList<int> Touched, bool SegmentsChanged) TakeChanges()
    {
        var changes = ((IReadOnlyList<int>)[.. _touched.Order()], _segmentsChanged);
        _touched.Clear();
        _segmentsChanged = false;
        return changes;
    }

    private bool Remove(string deferralId)
    {
        if (!_entries.Remove(deferralId, out var entry))
        {
            return false;
        }

        _byCreation.Remove(entry.Item);
        _byExpiry.Remove(entry.Item);
        var segment = _segments[entry.Segment];
        segment.Remove(deferralId);
        _touched.Add(entry.Segment);
        if (segment.Count == 0)
        {
            _segments.Remove(entry.Segment);
            _segmentsChanged = true;
        }

        return true;
    }

    private void Place(InboxItem item, int segment)
    {
        if (_entries.ContainsKey(item.DeferralId))
        {
            return;
        }

        _entries[item.DeferralId] = (item, segment);
        _byCreation.Add(item);
        _byExpiry.Add(item);
        if (!_segments.TryGetValue(segment, out var ids))
        {
            _segments[segment] = ids = new HashSet<string>(StringComparer.Ordinal);
        }

        ids.Add(item.DeferralId);
    }
}
