using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>
/// Delivers one message (key: <see cref="GrainKeys.NotificationDelivery"/>): stored before anything is sent, each
/// attempt driven by a reminder, retried with backoff across restarts, given up (and audited) after the configured
/// attempts. It keeps a delivered message's record for a while, so the same key is never sent twice.
/// </summary>
[Alias("DeferredOrleans.INotificationDeliveryGrain")]
public interface INotificationDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the message and schedules its first attempt; durable on return. Idempotent: when a message was already
    /// started under this key, that one stays, and its requests are returned instead.
    /// </summary>
    [Alias("Start")]
    Task<ImmutableArray<string>> StartAsync(OutboundNotification message);

    /// <summary>The delivery as it stands, or null when there is none (never started, or forgotten).</summary>
    [Alias("Get")]
    Task<DeliveryView?> GetAsync();
}
