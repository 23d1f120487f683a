using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>One channel's way of sending a message; the delivery grain picks the sender of the message's channel.</summary>
public interface INotificationSender
{
    NotificationChannel Channel { get; }

    /// <summary>One attempt, within the configured timeout; never throws for what the receiver does.</summary>
    Task<SendResult> SendAsync(OutboundNotification message, CancellationToken cancellationToken);
}
