using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>
/// One shard of the audit log (integer key: the shard number): its own hash chain, stored as blocks that are written
/// once and never rewritten, and an index of its entries by deferral, approver, client and time.
/// </summary>
[Alias("DeferredOrleans.IAuditShardGrain")]
public interface IAuditShardGrain : IGrainWithIntegerKey
{
    /// <summary>Appends an event to this shard's chain; durable on return.</summary>
    [Alias("Append")]
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent);

    /// <summary>Appends events to this shard's chain in order and next to each other, in one block; durable together on return.</summary>
    [Alias("AppendMany")]
    Task<ImmutableArray<AuditEntry>> AppendManyAsync(ImmutableArray<AuditEvent> auditEvents);

    /// <summary>This shard's entries matching the query, newest first, at most <see cref="AuditQuery.Limit"/>.</summary>
    [Alias("Query")]
    Task<ImmutableArray<AuditEntry>> QueryAsync(AuditQuery query);

    /// <summary>Where this shard's chain stands.</summary>
    [Alias("Head")]
    Task<AuditShardHead> HeadAsync();

    /// <summary>Recomputes the chain from the stored blocks; reports the head at each of <paramref name="sizes"/>.</summary>
    [Alias("Verify")]
    Task<AuditShardVerification> VerifyAsync(ImmutableArray<long> sizes);
}
