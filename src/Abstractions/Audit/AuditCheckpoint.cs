using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>
/// A signed statement of every shard's head at one moment, in the manner of a Certificate Transparency signed tree
/// head (RFC 9162 §4.10): numbered, timestamped, chained to the previous checkpoint, signed (ES256) with the audit key.
/// </summary>
/// <param name="Number">1, 2, 3, … in the order they were made.</param>
/// <param name="IssuedAt">When it was made (millisecond precision).</param>
/// <param name="Shards">Every shard's size and head hash.</param>
/// <param name="Previous">The digest of the previous checkpoint (64 zeros for the first).</param>
/// <param name="KeyId">The audit key's id (its RFC 7638 thumbprint).</param>
/// <param name="Signature">ES256 over the checkpoint's canonical text, base64url (r ‖ s).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditCheckpoint")]
public sealed record AuditCheckpoint(
    [property: Id(0)] long Number,
    [property: Id(1)] DateTimeOffset IssuedAt,
    [property: Id(2)] ImmutableArray<AuditShardHead> Shards,
    [property: Id(3)] string Previous,
    [property: Id(4)] string KeyId,
    [property: Id(5)] string Signature);
