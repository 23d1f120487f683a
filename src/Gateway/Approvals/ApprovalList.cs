using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>A page of the inbox.</summary>
public sealed record ApprovalList(
    ImmutableArray<ApprovalItem> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor);
