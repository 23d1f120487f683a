using System.Threading.Channels;
using DeferredOrleans.Abstractions.Approvals;

namespace DeferredOrleans.Gateway.Inbox.Live;

/// <summary>
/// The grain observer of one live page: the inbox grain's changes go into a bounded channel that the page's event
/// stream drains. A slow page loses the oldest changes rather than holding memory; it re-reads what it shows anyway.
/// </summary>
public sealed class ChannelObserver(ChannelWriter<InboxChange> changes) : IInboxObserver
{
    public Task OnChangedAsync(InboxChange change)
    {
        changes.TryWrite(change);
        return Task.CompletedTask;
    }
}
