namespace DeferredOrleans.Gateway.Inbox;

/// <summary>The web inbox (section <c>DeferredOrleans:Inbox</c>).</summary>
public sealed class InboxOptions
{
    public const string Section = "DeferredOrleans:Inbox";

    /// <summary>The most pending requests one inbox page loads and shows (oldest first); filters narrow within them.</summary>
    public int MaxItems { get; set; } = 1000;

    /// <summary>How often the live event stream sends a comment, so proxies keep it open and a closed tab is noticed.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often a live stream renews its subscription at the inbox grain (which lapses after three minutes).</summary>
    public TimeSpan Resubscribe { get; set; } = TimeSpan.FromMinutes(1);
}
