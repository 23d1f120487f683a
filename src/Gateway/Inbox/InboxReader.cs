using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox;

/// <summary>
/// Reads an approver's inbox for the pages: the inbox grain lists what is routed to them, each deferral (the source
/// of truth) says what it is now. Entries of requests that are gone or decided are dropped on the way, as the approval
/// API does.
/// </summary>
public sealed class InboxReader(IGrainFactory grains, ClientRegistry clients, ClientStore clientStore, PolicyStore store, IOptions<InboxOptions> options)
{
    private const int GrainPage = 500;

    /// <summary>The approver's pending requests, oldest first, at most <see cref="InboxOptions.MaxItems"/>.</summary>
    public async Task<InboxListing> PendingAsync(string approverId)
    {
        var inbox = grains.GetGrain<IApproverInboxGrain>(approverId);
        var max = Math.Max(1, options.Value.MaxItems);
        var items = new List<InboxItem>();
        string? cursor = null;
        do
        {
            var page = await inbox.ListAsync(cursor, Math.Min(GrainPage, max - items.Count));
            items.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null && items.Count < max);

        var views = await Task.WhenAll(items.Select(i => grains.GetGrain<IDeferralGrain>(i.DeferralId).GetViewAsync(approverId)));
        var stale = items.Zip(views).Where(p => p.Second is not { Status: DeferralStatus.Pending }).Select(p => p.First.DeferralId).ToArray();
        if (stale.Length > 0)
        {
            await inbox.RemoveAsync(stale);
        }

        await clientStore.WarmAsync(views.Where(v => v is not null).Select(v => v!.ClientId));
        var directory = store.Directory;
        return new InboxListing(
            [.. views.Where(v => v is { Status: DeferralStatus.Pending }).Select(v => InboxEntry.From(v!, approverId, clients, directory))],
            cursor is not null);
    }

    /// <summary>One request routed to the approver, pending or not; null when it is not theirs or does not exist.</summary>
    public async Task<InboxEntry?> FindAsync(string approverId, string id)
    {
        if (!DeferralCodes.IsId(id) || await grains.GetGrain<IDeferralGrain>(id).GetViewAsync(approverId) is not { } view)
        {
            return null;
        }

        await clientStore.WarmAsync([view.ClientId]);
        return InboxEntry.From(view, approverId, clients, store.Directory);
    }
}

/// <summary>An approver's pending requests, and whether there were more than one page shows.</summary>
public sealed record InboxListing(ImmutableArray<InboxEntry> Entries, bool Truncated);
