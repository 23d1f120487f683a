namespace DeferredOrleans.Grains.Keys;

/// <summary>
/// The key ring as versions before encryption at rest stored it, in clear: one signing key, the pairwise secret and
/// the sealing key. Kept only so that such a ring is read once and rewritten encrypted.
/// </summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.KeyRing")]
public sealed record LegacyKeyRing(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] SigningKeyPkcs8,
    [property: Id(2)] byte[] PairwiseSecret,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] byte[] SealingKey);
