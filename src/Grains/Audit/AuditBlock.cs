using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Grains.Audit;

/// <summary>The entries one flush of a shard appended: one storage row, written once and never rewritten.</summary>
[GenerateSerializer, Alias("DeferredOrleans.AuditBlock")]
public sealed class AuditBlock
{
    [Id(0)] public ImmutableArray<AuditEntry> Entries { get; set; } = [];
}
