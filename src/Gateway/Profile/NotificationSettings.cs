using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Gateway.Profile;

/// <summary>
/// How the profile API shows a person's notification settings: the preferences in force, whether they are the
/// person's own or the operator's defaults, and how each channel stands.
/// </summary>
public sealed record NotificationSettings(
    ImmutableArray<string> Channels,
    string? Email,
    string? ChatWebhook,
    int WindowSeconds,
    string Source,
    ImmutableArray<NotificationChannelState> Status)
{
    public static NotificationSettings From(NotificationProfile profile) => new(
        [.. profile.Preferences.Channels.Select(NotificationChannels.Name)],
        profile.Preferences.Email,
        profile.Preferences.ChatWebhook,
        (int)profile.Preferences.Window.TotalSeconds,
        profile.FromProfile ? "profile" : "defaults",
        [.. profile.Channels.Select(c => new NotificationChannelState(
            NotificationChannels.Name(c.Channel), c.Active, c.WindowEndsAt?.UtcDateTime, c.Messages, c.Problem))]);
}
