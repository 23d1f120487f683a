using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>
/// The append-only, hash-chained audit log of routing, notifications, decisions, escalations, standing decisions
/// and issuance. One grain (key <c>default</c>) orders the chain; entries live in segment grains.
/// </summary>
[Alias("DeferredOrleans.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends an event; durable on return.</summary>
    [Alias("Append")]
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent);

    /// <summary>Entries matching the query, newest first.</summary>
    [Alias("Query")]
    Task<ImmutableArray<AuditEntry>> QueryAsync(AuditQuery query);

    /// <summary>Recomputes the whole chain; reports the first altered, missing or unreadable entry.</summary>
    [Alias("Verify")]
    Task<AuditVerification> VerifyAsync();
}
