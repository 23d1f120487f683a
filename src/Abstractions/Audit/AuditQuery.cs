using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>Filters for reading the audit log; empty ones match everything. <c>Kinds</c> keeps only events of those kinds.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] string? DeferralId = null,
    [property: Id(1)] string? ApproverId = null,
    [property: Id(2)] string? ClientId = null,
    [property: Id(3)] DateTimeOffset? From = null,
    [property: Id(4)] DateTimeOffset? To = null,
    [property: Id(5)] int Limit = 100,
    [property: Id(6)] ImmutableArray<string>? Kinds = null);
