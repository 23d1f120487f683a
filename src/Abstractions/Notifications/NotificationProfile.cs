using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>A person's notification settings in force and how each channel stands.</summary>
/// <param name="Preferences">The preferences in force.</param>
/// <param name="FromProfile">True when the person chose them; false for the operator's defaults.</param>
/// <param name="Channels">Every channel, chosen or not.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.NotificationProfile")]
public sealed record NotificationProfile(
    [property: Id(0)] NotificationPreferences Preferences,
    [property: Id(1)] bool FromProfile,
    [property: Id(2)] ImmutableArray<ChannelStatus> Channels);
