using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>One audit entry with its place in its shard's hash chain.</summary>
public sealed record AuditEntryItem(long Sequence, string Kind, DateTime At, string? Deferral, string? Client, string? Approver, string? Subject, string? Detail, string Hash, int Shard)
{
    public static AuditEntryItem From(AuditEntry entry) => new(
        entry.Sequence, entry.Event.Kind, entry.Event.At.UtcDateTime, entry.Event.DeferralId, entry.Event.ClientId, entry.Event.ApproverId, entry.Event.Subject, entry.Event.Detail, entry.Hash, entry.Shard);
}
