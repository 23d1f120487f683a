using DeferredOrleans.Abstractions.Clients;

namespace DeferredOrleans.Grains.Clients;

/// <summary>Keeps one client's registration; optimistic concurrency by version, so two admins never overwrite each other.</summary>
public sealed class ClientGrain(
    [PersistentState("client", StorageNames.Keys)] IPersistentState<ClientState> state,
    TimeProvider time) : Grain, IClientGrain
{
    public Task<ClientRecord?> GetAsync() => Task.FromResult(state.State.Record);

    public async Task<ClientRecord> SeedAsync(ClientRecord configured)
    {
        // A registration made or changed at runtime wins over the configuration, so an admin's "disable" survives a restart.
        if (state.State.Record is { } current &&
            (current.Origin != ClientOrigin.Configuration || current.Registration == configured.Registration))
        {
            return current;
        }

        return await StoreAsync(configured with { Origin = ClientOrigin.Configuration });
    }

    public async Task<ClientRecord?> CreateAsync(ClientRecord record) =>
        state.State.Record is null ? await StoreAsync(record) : null;

    public async Task<ClientRecord?> ReplaceAsync(ClientRecord record, long expectedVersion) =>
        state.State.Record?.Version == expectedVersion ? await StoreAsync(record) : null;

    public async Task<bool> DeleteAsync(long expectedVersion)
    {
        if (state.State.Record?.Version != expectedVersion)
        {
            return false;
        }

        await state.WriteOrStepAsideAsync(new ClientState(), this);
        return true;
    }

    private async Task<ClientRecord> StoreAsync(ClientRecord record)
    {
        var stored = record with { Version = (state.State.Record?.Version ?? 0) + 1, UpdatedAt = time.GetUtcNow() };
        await state.WriteOrStepAsideAsync(new ClientState { Record = stored }, this);
        return stored;
    }
}
