using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>One shard's chain as recomputed from its stored blocks.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Entries">Entries that verified, from the first on.</param>
/// <param name="Problem">The first altered, missing or unreadable entry or block, if any.</param>
/// <param name="At">The recomputed head at each size asked for that the shard reaches.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditShardVerification")]
public sealed record AuditShardVerification(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Entries,
    [property: Id(2)] string? Problem,
    [property: Id(3)] ImmutableArray<AuditShardHead> At);
