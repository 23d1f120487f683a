namespace DeferredOrleans.Abstractions.Audit;

/// <summary>Where one shard's chain stands: its size (the last sequence number) and the hash of that entry.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditShardHead")]
public sealed record AuditShardHead(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Size,
    [property: Id(2)] string Head);
