using System.Collections.Immutable;
using System.Text;
using DeferredOrleans.Abstractions.Sessions;
using DeferredOrleans.Core.Crypto;
using Microsoft.AspNetCore.DataProtection;

namespace DeferredOrleans.Grains.Sessions;

/// <summary>
/// Holds the gateways' Data Protection key ring, each key encrypted under the <see cref="KeyEncryptionKey"/> (the key
/// XML holds the master key in clear: a copy of the database must not sign anyone in). Keys are few (one every 90
/// days) and never removed here: Data Protection keeps expired ones to read old payloads and decides itself which
/// key is current.
/// </summary>
public sealed class SessionKeysGrain(
    [PersistentState("session-keys", StorageNames.Keys)] IPersistentState<SessionKeysState> state,
    KeyEncryptionKey keyEncryptionKey) : Grain, ISessionKeysGrain
{
    private const string Purpose = "DeferredOrleans.SessionKeys";

    /// <summary>A key ring stored in clear by an earlier version is encrypted here, once, before anything reads it.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = state.State;
        if (stored.Keys.Count == 0)
        {
            return;
        }

        foreach (var (name, xml) in stored.Keys)
        {
            stored.Protected[name] = Protector(name).Protect(Encoding.UTF8.GetBytes(xml));
        }

        stored.Keys = [];
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<ImmutableArray<string>> GetAllAsync() =>
        Task.FromResult(state.State.Protected.Select(k => Encoding.UTF8.GetString(Protector(k.Key).Unprotect(k.Value))).ToImmutableArray());

    public async Task StoreAsync(string name, string xml)
    {
        state.State.Protected[name] = Protector(name).Protect(Encoding.UTF8.GetBytes(xml));
        await state.WriteStateAsync();
    }

    /// <summary>One purpose per key name, so that one stored key cannot be passed off as another.</summary>
    private IDataProtector Protector(string name) => keyEncryptionKey.CreateProtector(Purpose, name);
}
