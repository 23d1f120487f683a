namespace DeferredOrleans.Gateway.Admin;

/// <summary>Audit entries matching a query, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryItem> Entries);
