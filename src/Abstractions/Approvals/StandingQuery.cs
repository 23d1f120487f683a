using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>A request as a standing decision sees it.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.StandingQuery")]
public sealed record StandingQuery(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string Rule,
    [property: Id(2)] ImmutableArray<string> Scopes,
    [property: Id(3)] ImmutableArray<string> Resources);
