using DeferredOrleans.Abstractions.Approvals;
namespace DeferredOrleans.Grains.Approvals;

/// <summary>The persisted inbox: routed requests, oldest first.</summary>
[GenerateSerializer, Alias("DeferredOrleans.InboxState")]
public sealed class InboxState
{
    [Id(0)] public List<InboxItem> Items { get; set; } = [];
}
