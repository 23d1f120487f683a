using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>
/// The audit log of routing, notifications, decisions, escalations, standing decisions and issuance, as callers see
/// it: a stateless worker (key <c>default</c>, one activation per silo and more under load) that sends each event to
/// its shard (<see cref="IAuditShardGrain"/>) and gathers queries and verification from all of them.
/// </summary>
[Alias("DeferredOrleans.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends an event to its shard (a deferral's events all to the same one); durable on return.</summary>
    [Alias("Append")]
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent);

    /// <summary>
    /// Appends the events of one operation, in order and next to each other, to one shard in one block; durable together
    /// on return. They concern at most one deferral: events without one go with the rest; events of two deferrals are
    /// refused (<see cref="ArgumentException"/>), since their shards differ.
    /// </summary>
    [Alias("AppendMany")]
    Task<ImmutableArray<AuditEntry>> AppendManyAsync(ImmutableArray<AuditEvent> auditEvents);

    /// <summary>Entries matching the query, newest first, from the shards' indexes.</summary>
    [Alias("Query")]
    Task<ImmutableArray<AuditEntry>> QueryAsync(AuditQuery query);

    /// <summary>Recomputes every shard's chain and checks it against the latest checkpoint stored in the database.</summary>
    [Alias("Verify")]
    Task<AuditVerification> VerifyAsync();

    /// <summary>
    /// Recomputes every shard's chain and checks it against checkpoints a witness kept outside the database; reports the
    /// first altered, missing or rolled-back entry, naming the checkpoint it contradicts.
    /// </summary>
    [Alias("VerifyAgainst")]
    Task<AuditVerification> VerifyAsync(ImmutableArray<AuditCheckpoint> witnessed);
}
