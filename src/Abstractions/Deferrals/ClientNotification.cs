namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>
/// A callback to send when the deferral resolves (DTR "Callback Notification", CIBA ping). The payload holds the
/// live code and the client's bearer token, so it is sealed (AES-GCM under the key ring) before it is stored.
/// </summary>
/// <param name="Endpoint">The client's registered notification endpoint.</param>
/// <param name="SealedPayload">The sealed <see cref="NotificationPayload"/>.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ClientNotification")]
public sealed record ClientNotification(
    [property: Id(0)] string Endpoint,
    [property: Id(1)] byte[] SealedPayload);
