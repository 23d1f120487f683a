using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Gateway.Profile;

/// <summary>The channels' names in the profile API: <c>email</c> and <c>chat</c>.</summary>
public static class NotificationChannels
{
    public static string Name(NotificationChannel channel) => channel.ToString().ToLowerInvariant();

    public static NotificationChannel? Parse(string name) => name switch
    {
        "email" => NotificationChannel.Email,
        "chat" => NotificationChannel.Chat,
        _ => null,
    };
}
