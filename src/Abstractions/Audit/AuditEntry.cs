namespace DeferredOrleans.Abstractions.Audit;

/// <summary>An event in its shard's chain: its sequence number there, the previous entry's hash, and its own.</summary>
/// <param name="Sequence">1, 2, 3, … without gaps, within the shard.</param>
/// <param name="Event">The event.</param>
/// <param name="PreviousHash">The hash of the shard's entry <c>Sequence - 1</c> (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 over the shard, the previous hash, the sequence and the event's canonical JSON.</param>
/// <param name="Shard">The shard whose chain holds it.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AuditEvent Event,
    [property: Id(2)] string PreviousHash,
    [property: Id(3)] string Hash,
    [property: Id(4)] int Shard = 0);
