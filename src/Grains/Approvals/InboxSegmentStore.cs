using DeferredOrleans.Abstractions.Approvals;
using Orleans.Storage;

namespace DeferredOrleans.Grains.Approvals;

/// <summary>
/// An inbox's segments as rows of grain storage beside the inbox's own row: state name <c>inbox-segment-{n}</c>
/// under the inbox's grain id. Each segment's version (ETag) is kept here, so a write from an activation that no
/// longer owns the inbox is refused as a conflict, as for any grain state.
/// </summary>
internal sealed class InboxSegmentStore(IGrainStorage storage, GrainId inbox)
{
    private readonly Dictionary<int, GrainState<InboxSegment>> _rows = [];

    /// <summary>The stored entries of segment <paramref name="segment"/> (none if the row does not exist).</summary>
    public async Task<IReadOnlyList<InboxItem>> ReadAsync(int segment)
    {
        var row = Row(segment);
        await storage.ReadStateAsync(Name(segment), inbox, row);
        return row.State?.Items ?? [];
    }

    /// <summary>Stores the segment's entries, or removes its row when there are none.</summary>
    public async Task WriteAsync(int segment, IReadOnlyList<InboxItem> items)
    {
        var row = Row(segment);
        if (items.Count > 0)
        {
            row.State = new InboxSegment { Items = [.. items] };
            await storage.WriteStateAsync(Name(segment), inbox, row);
        }
        else if (row.RecordExists)
        {
            await storage.ClearStateAsync(Name(segment), inbox, row);
        }
    }

    private GrainState<InboxSegment> Row(int segment) =>
        _rows.TryGetValue(segment, out var row) ? row : _rows[segment] = new GrainState<InboxSegment>(new InboxSegment());

    private static string Name(int segment) => $"inbox-segment-{segment}";
}
