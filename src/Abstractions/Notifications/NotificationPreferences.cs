using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>How a person wants to be told that requests wait for them: a profile choice, or the operator's defaults.</summary>
/// <param name="Channels">The channels to use; empty for none.</param>
/// <param name="Email">The email address, for <see cref="NotificationChannel.Email"/>.</param>
/// <param name="ChatWebhook">The incoming webhook URL, for <see cref="NotificationChannel.Chat"/>.</param>
/// <param name="Window">
/// The batching window: the first request after a quiet period is announced at once, later ones within the window
/// wait for one digest at its end. Zero announces every request at once.
/// </param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.NotificationPreferences")]
public sealed record NotificationPreferences(
    [property: Id(0)] ImmutableArray<NotificationChannel> Channels,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? ChatWebhook,
    [property: Id(3)] TimeSpan Window);
