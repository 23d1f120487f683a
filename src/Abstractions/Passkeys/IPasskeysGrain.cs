using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Passkeys;

/// <summary>
/// One directory user's passkeys (key: the user id): the public half of each WebAuthn credential, its sign counter
/// and when it was made and last used. Nothing secret is stored: the private keys never leave the authenticators.
/// </summary>
[Alias("DeferredOrleans.IPasskeysGrain")]
public interface IPasskeysGrain : IGrainWithStringKey
{
    /// <summary>The user's passkeys, oldest first.</summary>
    [Alias("List")]
    Task<ImmutableArray<Passkey>> ListAsync();

    /// <summary>Stores a newly registered passkey; false (nothing stored) when its credential id is already known or the user has the most allowed.</summary>
    [Alias("Add")]
    Task<bool> AddAsync(Passkey passkey);

    /// <summary>Removes a passkey by its credential id; false when the user has no such passkey. Durable on return.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync(string credentialId);

    /// <summary>
    /// Records a verified sign-in with a passkey: its new sign counter and the time. False (nothing stored) when the
    /// passkey is unknown or its counter did not grow past the stored one (a cloned authenticator, WebAuthn §6.1.1).
    /// </summary>
    [Alias("RecordUse")]
    Task<bool> RecordUseAsync(string credentialId, uint signCount, DateTimeOffset at);
}
