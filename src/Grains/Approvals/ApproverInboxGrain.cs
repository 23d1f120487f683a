using System.Collections.Immutable;

namespace DeferredOrleans.Approvals;

/// <summary>
/// One approver's inbox. It only indexes deferrals; each deferral stays the source of truth for what it is, so an
/// inbox entry that outlived its deferral is dropped when listed.
/// </summary>
public sealed class ApproverInboxGrain(
    [PersistentState("inbox", StorageNames.Inboxes)] IPersistentState<InboxState> state,
    TimeProvider time) : Grain, IApproverInboxGrain
{
    private static readonly IComparer<InboxItem> Order = Comparer<InboxItem>.Create((a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.DeferralId, b.DeferralId);
    });

    public async Task AddAsync(InboxItem item)
    {
        var items = state.State.Items;
        if (items.Exists(i => i.DeferralId == item.DeferralId))
        {
            return;
        }

        var at = items.BinarySearch(item, Order);
        items.Insert(at < 0 ? ~at : at, item);
        await WriteOrRevertAsync(() => items.Remove(item));
    }

    public async Task RemoveAsync(string[] deferralIds)
    {
        var gone = state.State.Items.Where(i => deferralIds.Contains(i.DeferralId, StringComparer.Ordinal)).ToList();
        if (gone.Count == 0)
        {
            return;
        }

        state.State.Items.RemoveAll(gone.Contains);
        await WriteOrRevertAsync(() => Restore(gone));
    }

    public async Task<InboxPage> ListAsync(string? after, int limit)
    {
        var now = time.GetUtcNow();
        var expired = state.State.Items.Where(i => i.ExpiresAt <= now).ToList();
        if (expired.Count > 0)
        {
            state.State.Items.RemoveAll(expired.Contains);
            await WriteOrRevertAsync(() => Restore(expired));
        }

        var items = state.State.Items;
        var start = after is null ? 0 : items.FindIndex(i => i.DeferralId == after) + 1;
        var page = items.Skip(start).Take(Math.Clamp(limit, 1, 500)).ToImmutableArray();
        var next = start + page.Length < items.Count && page.Length > 0 ? page[^1].DeferralId : null;
        return new InboxPage(page, next);
    }

    private void Restore(List<InboxItem> items)
    {
        state.State.Items.AddRange(items);
        state.State.Items.Sort(Order);
    }

    private async Task WriteOrRevertAsync(Action revert)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            revert();
            throw;
        }
    }
}
