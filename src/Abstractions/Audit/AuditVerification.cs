namespace DeferredOrleans.Abstractions.Audit;

/// <summary>The result of checking every shard's chain, and the chains against checkpoints.</summary>
/// <param name="Intact">True when every entry is present, in order, unaltered, and agrees with every checkpoint checked.</param>
/// <param name="Entries">Entries checked, in all shards.</param>
/// <param name="Problem">The first problem found, e.g. <c>shard 3 entry 17: its hash does not match its content</c>.</param>
/// <param name="Checkpoint">The latest checkpoint checked against (e.g. <c>checkpoint 7 (2026-11-30T11:40:00.000Z)</c>); null if none.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditVerification")]
public sealed record AuditVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] long Entries,
    [property: Id(2)] string? Problem,
    [property: Id(3)] string? Checkpoint = null);
