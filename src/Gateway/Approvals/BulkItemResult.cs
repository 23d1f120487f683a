using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>One item of a bulk decision: <c>approved</c>, <c>denied</c>, <c>already_decided</c>, <c>expired</c>, <c>not_pending</c>, <c>invalid</c> or <c>not_permitted</c>.</summary>
public sealed record BulkItemResult(string Id, string Result, DeferralStatus Status);
