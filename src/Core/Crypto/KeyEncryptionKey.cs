using Microsoft.AspNetCore.DataProtection;

namespace DeferredOrleans.Core.Crypto;

/// <summary>
/// The key-encryption key: the Data Protection key ring that encrypts the server's own secrets (signing, sealing and
/// pairwise keys) before they reach grain storage. It is a provider of its own, never the application's
/// <see cref="IDataProtectionProvider"/>, so that no other use of Data Protection in the same process (the gateways'
/// cookie keys, which live in grain storage) can redirect where its keys are kept.
/// </summary>
public sealed class KeyEncryptionKey(IDataProtectionProvider keys) : IDataProtectionProvider
{
    public IDataProtector CreateProtector(string purpose) => keys.CreateProtector(purpose);
}
