using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Core.AuditLog;

/// <summary>
/// One shard's index: for each entry its time, kind, deferral, client, approver and block; postings by deferral, client
/// and approver; and the entries in time order. A query starts from the shortest posting list of the attributes it
/// names, or from the time order when it names none, and touches only entries it may return.
/// </summary>
public sealed class AuditIndex
{
    private readonly List<Item> _items = [];
    private readonly Dictionary<string, List<long>> _byDeferral = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _byClient = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _byApprover = new(StringComparer.Ordinal);

    /// <summary>One instance of each id and kind: every entry read from storage brings its own copies.</summary>
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>Sequence numbers ordered by (time, sequence): mostly appended at the end, as events arrive in time order.</summary>
    private readonly List<long> _byTime = [];

    /// <summary>Entries indexed: the last sequence number.</summary>
    public long Count => _items.Count;

    /// <summary>Indexes the next entry of the shard, stored in <paramref name="block"/>.</summary>
    public void Add(AuditEntry entry, long block)
    {
        if (entry.Sequence != Count + 1)
        {
            throw new InvalidOperationException($"entry {entry.Sequence} is not the next one ({Count + 1})");
        }

        var e = entry.Event;
        var (deferral, client, approver) = (Intern(e.DeferralId), Intern(e.ClientId), Intern(e.ApproverId));
        _items.Add(new Item(e.At, Intern(e.Kind)!, deferral, client, approver, block));
        Post(_byDeferral, deferral, entry.Sequence);
        Post(_byClient, client, entry.Sequence);
        Post(_byApprover, approver, entry.Sequence);
        var at = TimeUpperBound(e.At);
        _byTime.Insert(at, entry.Sequence);
    }

    /// <summary>The block that holds an indexed entry.</summary>
    public long BlockOf(long sequence) => _items[(int)(sequence - 1)].Block;

    /// <summary>Sequence numbers of the entries matching the query, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<long> Find(AuditQuery query, int limit)
    {
        var found = new List<long>(Math.Min(limit, 64));
        var postings = new[] { Postings(_byDeferral, query.DeferralId), Postings(_byClient, query.ClientId), Postings(_byApprover, query.ApproverId) }
            .Where(p => p is not null)
            .ToList();
        if (postings.Count > 0)
        {
            var shortest = postings.MinBy(p => p!.Count)!;
            for (var i = shortest.Count - 1; i >= 0 && found.Count < limit; i--)
            {
                if (Matches(_items[(int)(shortest[i] - 1)], query))
                {
                    found.Add(shortest[i]);
                }
            }

            return found;
        }

        for (var i = query.To is { } to ? TimeUpperBound(to) - 1 : _byTime.Count - 1; i >= 0 && found.Count < limit; i--)
        {
            var item = _items[(int)(_byTime[i] - 1)];
            if (query.From is { } from && item.At < from)
            {
                break;
            }

            if (Matches(item, query))
            {
                found.Add(_byTime[i]);
            }
        }

        return found;
    }

    private string? Intern(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!_strings.TryGetValue(text, out var interned))
        {
            _strings[text] = interned = text;
        }

        return interned;
    }

    private static List<long>? Postings(Dictionary<string, List<long>> index, string? key) =>
        key is null ? null : index.TryGetValue(key, out var list) ? list : [];

    private static void Post(Dictionary<string, List<long>> index, string? key, long sequence)
    {
        if (key is null)
        {
            return;
        }

        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(sequence);
    }

    /// <summary>The first position in <see cref="_byTime"/> whose time is after <paramref name="at"/>.</summary>
    private int TimeUpperBound(DateTimeOffset at)
    {
        var (low, high) = (0, _byTime.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_items[(int)(_byTime[middle] - 1)].At <= at)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static bool Matches(Item e, AuditQuery q) =>
        (q.DeferralId is null || e.DeferralId == q.DeferralId) &&
        (q.ApproverId is null || e.ApproverId == q.ApproverId) &&
        (q.ClientId is null || e.ClientId == q.ClientId) &&
        (q.From is null || e.At >= q.From) &&
        (q.To is null || e.At <= q.To) &&
        (q.Kinds is not { } kinds || kinds.Contains(e.Kind, StringComparer.Ordinal));

    private readonly record struct Item(DateTimeOffset At, string Kind, string? DeferralId, string? ClientId, string? ApproverId, long Block);
}
