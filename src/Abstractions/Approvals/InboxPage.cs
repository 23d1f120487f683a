using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>One page of an inbox.</summary>
/// <param name="Items">The items, oldest first.</param>
/// <param name="Next">Cursor for the next page, or null at the end.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.InboxPage")]
public sealed record InboxPage(
    [property: Id(0)] ImmutableArray<InboxItem> Items,
    [property: Id(1)] string? Next);
