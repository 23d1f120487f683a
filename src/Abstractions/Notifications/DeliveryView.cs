namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>How one message's delivery stands.</summary>
/// <param name="Message">The message.</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="Delivered">Whether the channel took it.</param>
/// <param name="GaveUp">Whether the attempts ran out (or the channel refused it for good).</param>
/// <param name="NextAttemptAt">When the next attempt is due, while neither delivered nor given up.</param>
/// <param name="LastError">What the last failed attempt said, or null.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DeliveryView")]
public sealed record DeliveryView(
    [property: Id(0)] OutboundNotification Message,
    [property: Id(1)] int Attempts,
    [property: Id(2)] bool Delivered,
    [property: Id(3)] bool GaveUp,
    [property: Id(4)] DateTimeOffset? NextAttemptAt,
    [property: Id(5)] string? LastError);
