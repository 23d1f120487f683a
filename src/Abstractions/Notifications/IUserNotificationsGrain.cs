using DeferredOrleans.Abstractions.Approvals;
using Orleans.Concurrency;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>
/// One directory user's notifications (key: the user id): their preferences, and per channel the batching window and
/// which requests of their inbox were announced. The inbox is the durable record of what waits; this grain keeps a
/// reminder armed while anything is unannounced, so nothing routed is lost to a crash.
/// </summary>
[Alias("DeferredOrleans.IUserNotificationsGrain")]
public interface IUserNotificationsGrain : IGrainWithStringKey
{
    /// <summary>
    /// A request entered this user's inbox. On return, a durable reminder will look at the inbox even if this process
    /// dies now. Never sends anything in the caller's turn; interleaves, so a deferral waiting here is never waited on.
    /// </summary>
    /// <param name="item">The inbox entry.</param>
    /// <param name="escalated">Whether the request escalated to this user (it then bypasses the batching window).</param>
    [Alias("Notice"), AlwaysInterleave]
    Task NoticeAsync(InboxItem item, bool escalated);

    /// <summary>
    /// Tells this user, on their active channels and at once (no batching), that a request made for them was decided;
    /// each message is stored before this returns. Idempotent per request. Interleaves, like <see cref="NoticeAsync"/>.
    /// </summary>
    [Alias("Decision"), AlwaysInterleave]
    Task DecisionAsync(DecisionNotice notice);

    /// <summary>Looks at the inbox now and sends what the batching rule says is due. One-way.</summary>
    [Alias("Flush"), OneWay]
    Task FlushAsync();

    /// <summary>The preferences in force (the user's, else the operator's defaults) and each channel's state.</summary>
    [Alias("GetProfile")]
    Task<NotificationProfile> GetProfileAsync();

    /// <summary>Stores the user's preferences (durable on return); returns the problem instead when they are not valid.</summary>
    [Alias("SetPreferences")]
    Task<string?> SetPreferencesAsync(NotificationPreferences preferences);

    /// <summary>Forgets the user's preferences, so the operator's defaults apply again; durable on return.</summary>
    [Alias("ResetPreferences")]
    Task ResetPreferencesAsync();
}
