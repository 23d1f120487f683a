using Microsoft.AspNetCore.DataProtection;

namespace DeferredOrleans.Grains.Keys;

/// <summary>
/// The Data Protection purposes of the key ring's secrets: one per use, and each signing key's bound to its id, so
/// that one stored secret cannot be decrypted as another.
/// </summary>
internal sealed class KeyRingProtection(KeyEncryptionKey keyEncryptionKey)
{
    private const string Purpose = "DeferredOrleans.KeyRing";

    public IDataProtector PairwiseSecret { get; } = keyEncryptionKey.CreateProtector(Purpose, "pairwise-secret");

    public IDataProtector SealingKey { get; } = keyEncryptionKey.CreateProtector(Purpose, "sealing-key");

    public IDataProtector SigningKey(string keyId) => keyEncryptionKey.CreateProtector(Purpose, "signing-key", keyId);
}
