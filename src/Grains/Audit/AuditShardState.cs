namespace DeferredOrleans.Grains.Audit;

/// <summary>
/// Where a shard's chain ends: its last sequence number and hash, and how many blocks hold it. Kept after every block,
/// so that a cut tail is detected even between checkpoints, and activation knows where to look for a newer block.
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.AuditShardState")]
public sealed class AuditShardState
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public string Hash { get; set; } = Core.AuditLog.AuditChain.Genesis;
    [Id(2)] public long Blocks { get; set; }
}
