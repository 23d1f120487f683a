namespace DeferredOrleans.Abstractions.Keys;

/// <summary>Token signing key, pairwise-identifier secret and sealing key.</summary>
/// <param name="KeyId">The signing key's id (its RFC 7638 thumbprint).</param>
/// <param name="SigningKeyPkcs8">The ES256 (P-256) private key, PKCS#8.</param>
/// <param name="PairwiseSecret">HMAC key for pairwise approver identifiers.</param>
/// <param name="CreatedAt">When the ring was generated.</param>
/// <param name="SealingKey">AES-256 key that seals secrets the server must keep (callback payloads) and derives interaction tokens.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.KeyRing")]
public sealed record KeyRing(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] SigningKeyPkcs8,
    [property: Id(2)] byte[] PairwiseSecret,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] byte[] SealingKey);
