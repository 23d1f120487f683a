using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Sessions;

namespace DeferredOrleans.Grains.Sessions;

/// <summary>
/// Holds the gateways' Data Protection key ring. Keys are few (one every 90 days) and never removed here: Data
/// Protection keeps expired ones to read old payloads and decides itself which key is current.
/// </summary>
public sealed class SessionKeysGrain([PersistentState("session-keys", StorageNames.Keys)] IPersistentState<SessionKeysState> state) : Grain, ISessionKeysGrain
{
    public Task<ImmutableArray<string>> GetAllAsync() => Task.FromResult(state.State.Keys.Values.ToImmutableArray());

    public async Task StoreAsync(string name, string xml)
    {
        state.State.Keys[name] = xml;
        await state.WriteStateAsync();
    }
}
