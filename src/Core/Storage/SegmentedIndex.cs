namespace DeferredOrleans.Core.Storage;

/// <summary>
/// A keyed collection kept in numbered segments of at most a fixed number of entries, each meant to be one storage
/// row, so that storing a change rewrites the segments it touched rather than the whole collection. New entries go
/// to the open (newest) segment, a removal touches the segment that holds the entry, and a segment left empty is
/// dropped. Adds, removals and lookups are O(1); what changed is collected for the next write (<see cref="TakeChanges"/>).
/// </summary>
public sealed class SegmentedIndex<TKey, TItem>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly Func<TItem, TKey> _keyOf;
    private readonly Dictionary<TKey, (TItem Item, int Segment)> _entries;
    private readonly SortedDictionary<int, HashSet<TKey>> _segments = [];
    private readonly IEqualityComparer<TKey>? _comparer;
    private readonly HashSet<int> _touched = [];
    private int _nextSegment;
    private int? _open;
    private bool _segmentsChanged;

    /// <summary>
    /// Loads stored segments; <paramref name="nextSegment"/> is the number the next new segment gets (at least one
    /// past every stored segment). An entry stored twice (a crash between two segment writes) is kept once.
    /// </summary>
    public SegmentedIndex(
        int capacity,
        Func<TItem, TKey> keyOf,
        IEqualityComparer<TKey>? comparer,
        IEnumerable<(int Segment, IEnumerable<TItem> Items)> stored,
        int nextSegment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        (_capacity, _keyOf, _comparer, _nextSegment) = (capacity, keyOf, comparer, nextSegment);
        _entries = new(comparer);
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

    /// <summary>Every entry, in no particular order.</summary>
    public IEnumerable<TItem> Items => _entries.Values.Select(e => e.Item);

    /// <summary>The segments that hold entries, in order.</summary>
    public IReadOnlyCollection<int> Segments => _segments.Keys;

    public int NextSegment => _nextSegment;

    public bool Contains(TKey key) => _entries.ContainsKey(key);

    /// <summary>The entry with this key, if there is one.</summary>
    public bool TryGet(TKey key, out TItem item)
    {
        var found = _entries.TryGetValue(key, out var entry);
        item = entry.Item;
        return found;
    }

    /// <summary>Adds the entry to the open segment; false if its key is already there.</summary>
    public bool Add(TItem item)
    {
        if (_entries.ContainsKey(_keyOf(item)))
        {
            return false;
        }

        if (_open is not { } open || !_segments.TryGetValue(open, out var keys) || keys.Count >= _capacity)
        {
            _open = open = _nextSegment++;
            _segmentsChanged = true;
        }

        Place(item, open);
        _touched.Add(open);
        return true;
    }

    /// <summary>Removes the entry with this key; false (and the default item) if there is none.</summary>
    public bool Remove(TKey key, out TItem item)
    {
        if (!_entries.Remove(key, out var entry))
        {
            item = default!;
            return false;
        }

        item = entry.Item;
        var segment = _segments[entry.Segment];
        segment.Remove(key);
        _touched.Add(entry.Segment);
        if (segment.Count == 0)
        {
            _segments.Remove(entry.Segment);
            _segmentsChanged = true;
        }

        return true;
    }

    /// <summary>The entries of one segment, in no particular order (none if it holds none).</summary>
    public IEnumerable<TItem> Segment(int segment) =>
        _segments.TryGetValue(segment, out var keys) ? keys.Select(k => _entries[k].Item) : [];

    /// <summary>
    /// What changed since the last call: the segments to store (an empty one is to be cleared) and whether the list of
    /// segments changed (a segment was opened or dropped). Clears the record.
    /// </summary>
    public SegmentChanges TakeChanges()
    {
        var changes = new SegmentChanges([.. _touched.Order()], _segmentsChanged);
        _touched.Clear();
        _segmentsChanged = false;
        return changes;
    }

    private void Place(TItem item, int segment)
    {
        var key = _keyOf(item);
        if (!_entries.TryAdd(key, (item, segment)))
        {
            return;
        }

        if (!_segments.TryGetValue(segment, out var keys))
        {
            _segments[segment] = keys = new HashSet<TKey>(_comparer);
        }

        keys.Add(key);
    }
}

/// <summary>The segments a change touched (to store, or to clear when empty), and whether any was opened or dropped.</summary>
public sealed record SegmentChanges(IReadOnlyList<int> Touched, bool SegmentsChanged);
