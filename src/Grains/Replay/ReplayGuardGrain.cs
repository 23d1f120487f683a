using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Replay;
namespace DeferredOrleans.Grains.Replay;

/// <summary>
/// A replay guard. Keys starting with <c>durable/</c> persist what they saw (JWT bearer assertions are rare and
/// must stay refused across restarts); others keep it in memory only, because DPoP proofs arrive on every poll and
/// polls never write storage (a proof is also only acceptable for a few minutes after its <c>iat</c>).
/// </summary>
public sealed class ReplayGuardGrain(
    [PersistentState("replay", StorageNames.Deferrals)] IPersistentState<ReplayState> state,
    TimeProvider time) : Grain, IReplayGuardGrain
{
    public async Task<bool> TryUseAsync(string id, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        var seen = state.State.Seen;
        foreach (var stale in seen.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            seen.Remove(stale);
        }

        if (!seen.TryAdd(id, expiresAt))
        {
            return false;
        }

        if (this.GetPrimaryKeyString().StartsWith(GrainKeys.DurableReplayPrefix, StringComparison.Ordinal))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception)
            {
                seen.Remove(id);
                throw;
            }
        }

        return true;
    }
}
