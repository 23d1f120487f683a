using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>
/// Delivers one deferral's callback to its client, outside the deferral grain's turn, with retries driven by a
/// reminder so that they survive a restart. Keyed by the deferral id.
/// </summary>
[Alias("DeferredOrleans.INotificationGrain")]
public interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>Stores the callback and schedules its first attempt; idempotent, durable on return.</summary>
    [Alias("Schedule")]
    Task ScheduleAsync(ClientNotification notification, DateTimeOffset expiresAt);

    /// <summary>Drops a callback that has not been delivered yet.</summary>
    [Alias("Cancel")]
    Task CancelAsync();
}
