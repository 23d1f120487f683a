using Microsoft.AspNetCore.DataProtection;

namespace DeferredOrleans.Grains.Keys;

/// <summary>
/// The key-encryption key of the secrets that grains keep (the signing keys, the gateways' session key ring): a Data
/// Protection provider whose own key ring lives apart from grain storage, so that a copy of the database alone yields
/// no key. A type of its own rather than the host's <see cref="IDataProtectionProvider"/>: a gateway that co-hosts the
/// silo uses that one for its cookies, and keeps its key ring in grain storage.
/// </summary>
public sealed class KeyEncryptionKey(IDataProtectionProvider provider)
{
    public IDataProtector CreateProtector(string purpose, params string[] subPurposes) => provider.CreateProtector(purpose, subPurposes);
}
