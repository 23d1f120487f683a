namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>Where a person's notifications go.</summary>
public enum NotificationChannel
{
    /// <summary>Email over SMTP: plain text and HTML.</summary>
    Email = 0,

    /// <summary>A chat webhook that takes a Slack-compatible incoming webhook payload (<c>{"text": …, "blocks": […]}</c>).</summary>
    Chat = 1,
}
