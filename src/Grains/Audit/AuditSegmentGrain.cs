using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Grains.Audit;

/// <summary>Stores one segment of the audit log; only appends.</summary>
public sealed class AuditSegmentGrain([PersistentState("audit", StorageNames.Keys)] IPersistentState<AuditSegmentState> state) : Grain, IAuditSegmentGrain
{
    public async Task AppendAsync(ImmutableArray<AuditEntry> entries)
    {
        var count = state.State.Entries.Count;
        state.State.Entries.AddRange(entries);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            state.State.Entries.RemoveRange(count, entries.Length);
            throw;
        }
    }

    public Task<ImmutableArray<AuditEntry>> GetAsync() => Task.FromResult(state.State.Entries.ToImmutableArray());
}
