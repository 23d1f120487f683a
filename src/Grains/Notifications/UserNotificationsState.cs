using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Notifications;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>One person's notifications as stored: their own preferences (null for the operator's) and each channel's state.</summary>
[GenerateSerializer, Alias("DeferredOrleans.UserNotificationsState")]
public sealed class UserNotificationsState
{
    [Id(0)] public NotificationPreferences? Preferences { get; set; }
    [Id(1)] public Dictionary<NotificationChannel, ChannelState> Channels { get; set; } = [];
}
