using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Grains.Audit;

/// <summary>The latest checkpoint, which the next one is chained to.</summary>
[GenerateSerializer, Alias("DeferredOrleans.AuditCheckpointState")]
public sealed class AuditCheckpointState
{
    [Id(0)] public AuditCheckpoint? Latest { get; set; }
}
