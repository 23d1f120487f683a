using System.Collections.Immutable;

namespace DeferredOrleans.Audit;

/// <summary>Stores one segment of the audit log; only appends.</summary>
public sealed class AuditSegmentGrain([PersistentState("audit", StorageNames.Keys)] IPersistentState<AuditSegmentState> state) : Grain, IAuditSegmentGrain
{
    public async Task AppendAsync(AuditEntry entry)
    {
        state.State.Entries.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
            throw;
        }
    }

    public Task<ImmutableArray<AuditEntry>> GetAsync() => Task.FromResult(state.State.Entries.ToImmutableArray());
}
