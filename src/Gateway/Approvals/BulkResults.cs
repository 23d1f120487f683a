using System.Collections.Immutable;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>The per-item results of a bulk decision, in the order sent.</summary>
public sealed record BulkResults(ImmutableArray<BulkItemResult> Results);
