namespace DeferredOrleans.Grains.Audit;

/// <summary>Where the chain ends: kept after every append, so that a truncated tail is detected too.</summary>
[GenerateSerializer, Alias("DeferredOrleans.AuditHeadState")]
public sealed class AuditHeadState
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public string Hash { get; set; } = AuditChain.Genesis;
}
