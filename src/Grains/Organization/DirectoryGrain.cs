using DeferredOrleans.Abstractions.Organization;
namespace DeferredOrleans.Grains.Organization;

/// <summary>Keeps the directory's runtime changes; optimistic concurrency by version, so two admins never overwrite each other.</summary>
public sealed class DirectoryGrain(
    [PersistentState("directory", StorageNames.Keys)] IPersistentState<DirectoryChanges> state) : Grain, IDirectoryGrain
{
    public Task<DirectoryChanges?> GetAsync(long knownVersion) =>
        Task.FromResult(state.State.Version == knownVersion ? null : state.State);

    public async Task<bool> SetAsync(DirectoryChanges changes, long expectedVersion)
    {
        if (state.State.Version != expectedVersion)
        {
            return false;
        }

        var previous = state.State;
        changes.Version = expectedVersion + 1;
        state.State = changes;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            state.State = previous;
            throw;
        }

        return true;
    }
}
