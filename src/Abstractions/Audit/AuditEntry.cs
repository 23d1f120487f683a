namespace DeferredOrleans.Abstractions.Audit;

/// <summary>An event in the chain: its sequence number, the previous entry's hash, and its own.</summary>
/// <param name="Sequence">1, 2, 3, … without gaps.</param>
/// <param name="Event">The event.</param>
/// <param name="PreviousHash">The hash of entry <c>Sequence - 1</c> (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash, the sequence and the event's canonical JSON.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AuditEvent Event,
    [property: Id(2)] string PreviousHash,
    [property: Id(3)] string Hash);
