using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Core.Notifications;

/// <summary>An operator's defaults for one user, until the user chooses on their profile.</summary>
public sealed class UserNotificationDefaults
{
    public string? Email { get; set; }

    public string? ChatWebhook { get; set; }

    /// <summary>Overrides the server-wide default channels when not empty.</summary>
    public List<NotificationChannel> Channels { get; set; } = [];

    public TimeSpan? Window { get; set; }
}
