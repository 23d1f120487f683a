namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>One row of the list: the request, the time the page was drawn, and the list's order (for live inserts).</summary>
public sealed record RowModel(InboxEntry Entry, DateTimeOffset Now, string Sort)
{
    /// <summary>The row's place in the list's order, for the page's script to insert a new row where it belongs.</summary>
    public long SortKey => Sort == InboxFilter.SortNewest ? -Entry.View.CreatedAt.ToUnixTimeMilliseconds() : Entry.View.ExpiresAt.ToUnixTimeMilliseconds();
}
