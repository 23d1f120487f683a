namespace DeferredOrleans.Gateway.Admin;

/// <summary>The result of <c>/admin/audit/verify</c>: intact or the first problem, and the latest checkpoint checked against.</summary>
public sealed record AuditCheck(bool Intact, long Entries, string? Problem, string? Checkpoint);
