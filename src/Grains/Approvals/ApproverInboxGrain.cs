using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;
using Orleans.Concurrency;

namespace DeferredOrleans.Grains.Approvals;

/// <summary>
/// One approver's inbox. It only indexes deferrals; each deferral stays the source of truth for what it is, so an
/// inbox entry that outlived its deferral is dropped when listed.
/// </summary>
/// <remarks>
/// A busy approver's inbox receives a write for every request routed to them, so changes are group-committed
/// (<see cref="GroupCommit{TChange, TResult}"/>): the grain is reentrant, changes that arrive while a write is in flight
/// are applied together by the next flush with one write. Only the flush changes the state; each caller returns once
/// its change is durable, and a failed write restores the state as it was before the batch.
/// </remarks>
[Reentrant]
public sealed class ApproverInboxGrain(
    [PersistentState("inbox", StorageNames.Inboxes)] IPersistentState<InboxState> state,
    TimeProvider time) : Grain, IApproverInboxGrain
{
    private static readonly IComparer<InboxItem> Order = Comparer<InboxItem>.Create((a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.DeferralId, b.DeferralId);
    });

    private GroupCommit<Func<List<InboxItem>, bool>, bool>? _changes;

    public Task AddAsync(InboxItem item) => CommitAsync(items =>
    {
        if (items.Exists(i => i.DeferralId == item.DeferralId))
        {
            return false;
        }

        var at = items.BinarySearch(item, Order);
        items.Insert(at < 0 ? ~at : at, item);
        return true;
    });

    public Task RemoveAsync(string[] deferralIds) =>
        CommitAsync(items => items.RemoveAll(i => deferralIds.Contains(i.DeferralId, StringComparer.Ordinal)) > 0);

    public Task<InboxPage> ListAsync(string? after, int limit)
    {
        // Expired entries are skipped here and dropped by the next write.
        var now = time.GetUtcNow();
        var items = state.State.Items.Where(i => i.ExpiresAt > now).ToList();
        var start = after is null ? 0 : items.FindIndex(i => i.DeferralId == after) + 1;
        var page = items.Skip(start).Take(Math.Clamp(limit, 1, 500)).ToImmutableArray();
        var next = start + page.Length < items.Count && page.Length > 0 ? page[^1].DeferralId : null;
        return Task.FromResult(new InboxPage(page, next));
    }

    /// <summary>Queues a change (true if it changed anything) and returns once it is stored.</summary>
    private Task CommitAsync(Func<List<InboxItem>, bool> change) => (_changes ??= new(StoreAsync)).CommitAsync(change);

    /// <summary>Applies a batch of changes to a copy, dropping expired entries on the way, and stores it if it changed.</summary>
    private async Task<IReadOnlyList<bool>> StoreAsync(IReadOnlyList<Func<List<InboxItem>, bool>> batch)
    {
        var before = state.State.Items;
        var items = new List<InboxItem>(before);
        var now = time.GetUtcNow();
        var changed = items.RemoveAll(i => i.ExpiresAt <= now) > 0;
        var results = batch.Select(change => change(items)).ToList();
        if (changed || results.Contains(true))
        {
            state.State.Items = items;
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception)
            {
                state.State.Items = before;
                throw;
            }
        }

        return results;
    }
}
