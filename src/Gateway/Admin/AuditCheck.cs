namespace DeferredOrleans.Gateway.Admin;

/// <summary>The result of recomputing the whole hash chain.</summary>
public sealed record AuditCheck(bool Intact, long Entries, string? Problem);
