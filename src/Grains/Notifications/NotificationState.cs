using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>A callback waiting to be delivered.</summary>
[GenerateSerializer, Alias("DeferredOrleans.NotificationState")]
public sealed class NotificationState
{
    [Id(0)] public ClientNotification? Pending { get; set; }
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(2)] public int Attempts { get; set; }
}
