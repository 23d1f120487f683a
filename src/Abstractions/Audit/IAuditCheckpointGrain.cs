using Orleans.Concurrency;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>
/// Makes the signed checkpoints over all shard heads (key <c>default</c>), periodically by a reminder or on demand,
/// stores them and exports them to the configured witnesses. Only checkpoints pass through it, never events.
/// </summary>
[Alias("DeferredOrleans.IAuditCheckpointGrain")]
public interface IAuditCheckpointGrain : IGrainWithStringKey
{
    /// <summary>Makes a checkpoint now (unless no shard changed since the last one) and exports it; returns the latest.</summary>
    [Alias("Checkpoint")]
    Task<AuditCheckpoint?> CheckpointAsync();

    /// <summary>The latest stored checkpoint, if any.</summary>
    [Alias("Latest")]
    Task<AuditCheckpoint?> LatestAsync();

    /// <summary>Registers the periodic reminder if it is not yet; called by shards when they activate.</summary>
    [Alias("EnsureScheduled"), AlwaysInterleave]
    Task EnsureScheduledAsync();
}
