using System.Collections.Immutable;
using Orleans.Concurrency;

namespace DeferredOrleans.Approvals;

/// <summary>
/// One approver's inbox. It only indexes deferrals; each deferral stays the source of truth for what it is, so an
/// inbox entry that outlived its deferral is dropped when listed.
/// </summary>
/// <remarks>
/// A busy approver's inbox receives a write for every request routed to them, so changes are group-committed: the
/// grain is reentrant, changes that arrive while a write is in flight queue up, and the next flush applies all of
/// them with one write. Only the flush loop changes the state; each caller returns once its change is durable, and a
/// failed write restores the state as it was before the batch.
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

    private List<(Func<List<InboxItem>, bool> Change, TaskCompletionSource Done)> _queue = [];
    private bool _flushing;

    public Task AddAsync(InboxItem item) => EnqueueAsync(items =>
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
        EnqueueAsync(items => items.RemoveAll(i => deferralIds.Contains(i.DeferralId, StringComparer.Ordinal)) > 0);

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

    private Task EnqueueAsync(Func<List<InboxItem>, bool> change)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((change, done));
        if (!_flushing)
        {
            // Set before the flush starts: a flush with nothing to write finishes synchronously and clears it.
            _flushing = true;
            _ = FlushAsync();
        }

        return done.Task;
    }

    /// <summary>Applies and stores everything queued, batch after batch, until the queue is empty.</summary>
    private async Task FlushAsync()
    {
        while (_queue.Count > 0)
        {
            var batch = _queue;
            _queue = [];
            var before = state.State.Items;
            var items = new List<InboxItem>(before);
            var now = time.GetUtcNow();
            var changed = items.RemoveAll(i => i.ExpiresAt <= now) > 0;
            foreach (var (change, _) in batch)
            {
                changed |= change(items);
            }

            try
            {
                if (changed)
                {
                    state.State.Items = items;
                    await state.WriteStateAsync();
                }

                batch.ForEach(b => b.Done.SetResult());
            }
            catch (Exception e)
            {
                state.State.Items = before;
                batch.ForEach(b => b.Done.SetException(e));
            }
        }

        _flushing = false;
    }
}
