using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>What changed in an inbox.</summary>
/// <param name="Kind">Entered, changed or left.</param>
/// <param name="DeferralIds">The requests concerned.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.InboxChange")]
public sealed record InboxChange(
    [property: Id(0)] InboxChangeKind Kind,
    [property: Id(1)] ImmutableArray<string> DeferralIds);
