using DeferredOrleans.Core.Storage;
using Orleans.Storage;

namespace DeferredOrleans.Grains;

/// <summary>A segment of a grain's segmented state (<see cref="SegmentedIndex{TKey, TItem}"/>), stored as a row of its own.</summary>
public interface IStoredSegment<TItem>
{
    List<TItem> Items { get; set; }
}

/// <summary>
/// A grain's segments as rows of grain storage beside the grain's own row, which lists them (its manifest): state name
/// <c>{prefix}-segment-{n}</c> under the grain's id. Each segment's version (ETag) is kept here, so a write from an
/// activation that no longer owns the grain is refused as a conflict, as for any grain state.
/// </summary>
/// <remarks>
/// Stored in an order that survives a crash at any point: a newly opened segment is listed in the manifest before it is
/// first written, and a dropped one is cleared before it leaves the list, so a crash in between leaves a listed segment
/// that is empty, never entries in a segment the manifest does not list.
/// </remarks>
internal sealed class SegmentRows<TSegment, TItem>(IGrainStorage storage, GrainId owner, string prefix)
    where TSegment : class, IStoredSegment<TItem>, new()
{
    private readonly Dictionary<int, GrainState<TSegment>> _rows = [];

    /// <summary>Reads every listed segment (a listed segment without a row holds nothing).</summary>
    public async Task<(int Segment, IEnumerable<TItem> Items)[]> ReadAllAsync(IEnumerable<int> listed) =>
        await Task.WhenAll(listed.Select(async n => (n, (IEnumerable<TItem>)await ReadAsync(n))));

    /// <summary>
    /// Stores what a change touched. <paramref name="listed"/> is what the manifest lists now, <paramref name="live"/>
    /// the segments that hold entries, <paramref name="content"/> a segment's entries, and <paramref name="writeManifest"/>
    /// stores the manifest with the given list.
    /// </summary>
    public async Task StoreAsync(
        SegmentChanges changes,
        IReadOnlyList<int> listed,
        IReadOnlyCollection<int> live,
        Func<int, IReadOnlyList<TItem>> content,
        Func<List<int>, Task> writeManifest)
    {
        if (changes.SegmentsChanged && live.Except(listed).Any())
        {
            listed = [.. listed.Union(live).Order()];
            await writeManifest([.. listed]);
        }

        await Task.WhenAll(changes.Touched.Select(n => WriteAsync(n, content(n))));
        if (changes.SegmentsChanged && !listed.SequenceEqual(live))
        {
            await writeManifest([.. live]);
        }
    }

    /// <summary>
    /// Moves entries that an earlier version kept in the grain's own row into segments: the segments are written first
    /// (over any left by a migration that a crash interrupted), then the manifest, which lists them and drops the old
    /// entries, so a crash at any point loses nothing.
    /// </summary>
    public async Task MigrateAsync(IReadOnlyCollection<int> live, Func<int, IReadOnlyList<TItem>> content, Func<List<int>, Task> writeManifest)
    {
        await Task.WhenAll(live.Select(async n =>
        {
            await ReadAsync(n);
            await WriteAsync(n, content(n));
        }));
        await writeManifest([.. live]);
    }

    private async Task<IReadOnlyList<TItem>> ReadAsync(int segment)
    {
        var row = Row(segment);
        await storage.ReadStateAsync(Name(segment), owner, row);
        return row.State?.Items ?? [];
    }

    /// <summary>Stores the segment's entries, or removes its row when there are none.</summary>
    private async Task WriteAsync(int segment, IReadOnlyList<TItem> items)
    {
        var row = Row(segment);
        if (items.Count > 0)
        {
            row.State = new TSegment { Items = [.. items] };
            await storage.WriteStateAsync(Name(segment), owner, row);
        }
        else if (row.RecordExists)
        {
            await storage.ClearStateAsync(Name(segment), owner, row);
        }
    }

    private GrainState<TSegment> Row(int segment) =>
        _rows.TryGetValue(segment, out var row) ? row : _rows[segment] = new GrainState<TSegment>(new TSegment());

    private string Name(int segment) => $"{prefix}-segment-{segment}";
}
