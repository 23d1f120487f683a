using DeferredOrleans.Abstractions.Audit;
namespace DeferredOrleans.Grains.Audit;

[GenerateSerializer, Alias("DeferredOrleans.AuditSegmentState")]
public sealed class AuditSegmentState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
