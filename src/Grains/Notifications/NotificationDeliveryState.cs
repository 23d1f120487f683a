using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>One message and how its delivery stands; kept after the end for a while, so its key is never sent twice.</summary>
[GenerateSerializer, Alias("DeferredOrleans.NotificationDeliveryState")]
public sealed class NotificationDeliveryState
{
    [Id(0)] public OutboundNotification? Message { get; set; }
    [Id(1)] public int Attempts { get; set; }
    [Id(2)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(3)] public bool Delivered { get; set; }
    [Id(4)] public bool GaveUp { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(6)] public string? LastError { get; set; }
}
