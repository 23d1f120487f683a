using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Audit;
using Orleans.Storage;

namespace DeferredOrleans.Grains.Audit;

/// <summary>
/// A shard's blocks as rows of grain storage, keyed <c>auditblock/{shard}-{block}</c> without a grain behind them:
/// activating a grain per block would cost more than the block. A block is written with no ETag, which the storage
/// providers accept only for a row that does not exist, so a block is never overwritten.
/// </summary>
internal sealed class AuditBlockStore(IGrainStorage storage, int shard)
{
    private const string StateName = "audit-block";
    private static readonly GrainType BlockType = GrainType.Create("auditblock");

    /// <summary>The block's entries, or null if no such row exists.</summary>
    public async Task<ImmutableArray<AuditEntry>?> ReadAsync(long block)
    {
        var state = new GrainState<AuditBlock>(new AuditBlock());
        await storage.ReadStateAsync(StateName, Id(block), state);
        return state.RecordExists && state.State is { } stored ? stored.Entries : null;
    }

    /// <summary>Stores a new block; throws if it exists already or could not be stored.</summary>
    public Task WriteAsync(long block, ImmutableArray<AuditEntry> entries) =>
        storage.WriteStateAsync(StateName, Id(block), new GrainState<AuditBlock>(new AuditBlock { Entries = entries }));

    private GrainId Id(long block) => GrainId.Create(BlockType, IdSpan.Create($"{shard}-{block}"));
}
