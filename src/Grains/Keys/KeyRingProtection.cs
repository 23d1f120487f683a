using DeferredOrleans.Core.Crypto;
using Microsoft.AspNetCore.DataProtection;

namespace DeferredOrleans.Grains.Keys;

/// <summary>
/// The Data Protection purposes of the key ring's secrets: one per use, and each signing key's bound to its id, so
/// that one stored secret cannot be decrypted as another.
/// </summary>
internal sealed class KeyRingProtection(KeyEncryptionKey provider)
{
    private const string Purpose = "DeferredOrleans.KeyRing";

    public IDataProtector PairwiseSecret { get; } = provider.CreateProtector(Purpose, "pairwise-secret");

    public IDataProtector SealingKey { get; } = provider.CreateProtector(Purpose, "sealing-key");

    public IDataProtector SigningKey(string keyId) => provider.CreateProtector(Purpose, "signing-key", keyId);

    public IDataProtector AuditKey(string keyId) => provider.CreateProtector(Purpose, "audit-key", keyId);
}
