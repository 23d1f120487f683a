using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Passkeys;
using DeferredOrleans.Core.Passkeys;

namespace DeferredOrleans.Grains.Passkeys;

/// <summary>A user's passkeys: public keys and counters only, written before any change is acknowledged.</summary>
public sealed class PasskeysGrain([PersistentState("passkeys", StorageNames.Keys)] IPersistentState<PasskeysState> state) : Grain, IPasskeysGrain
{
    /// <summary>Enough for every device a person has; a bound on what one account can make the server store.</summary>
    public const int MaxPerUser = 20;

    public Task<ImmutableArray<Passkey>> ListAsync() => Task.FromResult(state.State.Passkeys.ToImmutableArray());

    public async Task<bool> AddAsync(Passkey passkey)
    {
        var passkeys = state.State.Passkeys;
        if (passkeys.Count >= MaxPerUser || passkeys.Exists(p => p.CredentialId == passkey.CredentialId))
        {
            return false;
        }

        passkeys.Add(passkey);
        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> RemoveAsync(string credentialId)
    {
        if (state.State.Passkeys.RemoveAll(p => p.CredentialId == credentialId) == 0)
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> RecordUseAsync(string credentialId, uint signCount, DateTimeOffset at)
    {
        var passkeys = state.State.Passkeys;
        var index = passkeys.FindIndex(p => p.CredentialId == credentialId);
        if (index < 0 || !SignCounter.Advances(passkeys[index].SignCount, signCount))
        {
            return false;
        }

        passkeys[index] = passkeys[index] with { SignCount = signCount, LastUsedAt = at };
        await state.WriteStateAsync();
        return true;
    }
}
