namespace DeferredOrleans.Gateway.Approvals;

/// <summary>One request.</summary>
public sealed record ApprovalDetail(ApprovalItem Item);
