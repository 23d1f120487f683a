using System.Collections.Immutable;
using DeferredOrleans.Gateway.Approvals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>
/// <c>/inbox</c>: every pending request routed to the approver, counted by client and by resource, filtered and
/// ordered by the query string, inside one form for bulk decisions.
/// </summary>
public sealed class IndexModel(InboxReader reader, TimeProvider time, IOptions<ApprovalOptions> approvals) : InboxPageModel(time)
{
    public InboxFilter Filter { get; private set; } = InboxFilter.From(QueryCollection.Empty);

    /// <summary>Every pending request (what the groups count).</summary>
    public ImmutableArray<InboxEntry> All { get; private set; } = [];

    /// <summary>The requests that pass the filter, in the chosen order.</summary>
    public ImmutableArray<InboxEntry> Shown { get; private set; } = [];

    public InboxGroups Groups { get; private set; } = new([], []);

    public bool Truncated { get; private set; }

    public int MaxBulk => approvals.Value.MaxBulk;

    /// <summary>When the page was drawn (ms since the epoch): "all from this client" never takes a request that arrived later.</summary>
    public long AsOf => Now.ToUnixTimeMilliseconds();

    public IReadOnlyList<string> Rules => [.. All.Select(e => e.View.Rule).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Resources => [.. Groups.Resources.Select(g => g.Key)];

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>The counts by client and by resource alone, for the page's script after a change.</summary>
    public async Task<IActionResult> OnGetSummaryAsync()
    {
        await LoadAsync();
        return Partial("_Summary", this);
    }

    private async Task LoadAsync()
    {
        Filter = InboxFilter.From(Request.Query);
        var listing = await reader.PendingAsync(ApproverId);
        All = listing.Entries;
        Truncated = listing.Truncated;
        Groups = InboxGroups.Of(All);
        Shown = [.. Filter.Apply(All, Now)];
    }
}
