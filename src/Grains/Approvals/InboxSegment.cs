using DeferredOrleans.Abstractions.Approvals;
namespace DeferredOrleans.Grains.Approvals;

/// <summary>One segment of an inbox's entries (at most <see cref="Core.Approvals.InboxIndex.SegmentCapacity"/>), a row of its own.</summary>
[GenerateSerializer, Alias("DeferredOrleans.InboxSegment")]
public sealed class InboxSegment : IStoredSegment<InboxItem>
{
    [Id(0)] public List<InboxItem> Items { get; set; } = [];
}
