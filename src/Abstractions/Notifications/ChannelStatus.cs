namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>One channel of a person's notifications as it stands.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Active">Whether messages go out on it (chosen, with an address, and the server can send).</param>
/// <param name="WindowEndsAt">When the open batching window ends (its digest goes out then), or null when quiet.</param>
/// <param name="Messages">Messages created on this channel so far.</param>
/// <param name="Problem">Why a chosen channel is not active, or null.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ChannelStatus")]
public sealed record ChannelStatus(
    [property: Id(0)] NotificationChannel Channel,
    [property: Id(1)] bool Active,
    [property: Id(2)] DateTimeOffset? WindowEndsAt,
    [property: Id(3)] long Messages,
    [property: Id(4)] string? Problem);
