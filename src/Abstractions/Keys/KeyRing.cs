using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Keys;

/// <summary>The key ring in clear, as the key ring grain hands it out (it stores it encrypted).</summary>
/// <param name="SigningKeys">The published signing keys: one next, one current, and the retired ones still published.</param>
/// <param name="PairwiseSecret">HMAC key for pairwise approver identifiers.</param>
/// <param name="SealingKey">AES-256 key that seals secrets the server must keep (callback payloads, connector secrets) and derives interaction tokens.</param>
/// <param name="Pending">A scheduled promotion of the next key, if any.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.Keys.KeyRing")]
public sealed record KeyRing(
    [property: Id(0)] ImmutableArray<SigningKey> SigningKeys,
    [property: Id(1)] byte[] PairwiseSecret,
    [property: Id(2)] byte[] SealingKey,
    [property: Id(3)] PendingPromotion? Pending = null)
{
    /// <summary>The key that signs.</summary>
    public SigningKey Current => SigningKeys.Single(k => k.Info.State == SigningKeyState.Current);
}
