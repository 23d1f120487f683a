using DeferredOrleans.Abstractions.Approvals;
namespace DeferredOrleans.Grains.Approvals;

/// <summary>
/// The inbox's own row: which segment rows hold its entries (<see cref="InboxSegment"/>), and the number the next
/// new segment gets (numbers are never reused).
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.InboxState")]
public sealed class InboxState
{
    /// <summary>Entries stored here by versions before segments; moved into segments when the inbox activates.</summary>
    [Id(0)] public List<InboxItem> Items { get; set; } = [];

    [Id(1)] public List<int> Segments { get; set; } = [];

    [Id(2)] public int NextSegment { get; set; }
}
