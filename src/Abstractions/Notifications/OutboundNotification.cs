using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>One rendered message to one person on one channel, as stored before it is sent.</summary>
/// <param name="UserId">The directory user it is for.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Destination">The email address or the webhook URL.</param>
/// <param name="IdempotencyKey">
/// The same for every attempt: the email's Message-ID derives from it and the webhook gets it as <c>Idempotency-Key</c>,
/// so a receiver can drop a repeat.
/// </param>
/// <param name="Kind">Why it was sent: <c>immediate</c>, <c>digest</c>, <c>urgent</c> or <c>decision</c>.</param>
/// <param name="Title">The email subject, and the first line of a chat message.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The HTML body (email), or null.</param>
/// <param name="Payload">The JSON body (chat webhook), or null.</param>
/// <param name="DeferralIds">The requests the message announces.</param>
/// <param name="CreatedAt">When it was composed.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.OutboundNotification")]
public sealed record OutboundNotification(
    [property: Id(0)] string UserId,
    [property: Id(1)] NotificationChannel Channel,
    [property: Id(2)] string Destination,
    [property: Id(3)] string IdempotencyKey,
    [property: Id(4)] string Kind,
    [property: Id(5)] string Title,
    [property: Id(6)] string Text,
    [property: Id(7)] string? Html,
    [property: Id(8)] string? Payload,
    [property: Id(9)] ImmutableArray<string> DeferralIds,
    [property: Id(10)] DateTimeOffset CreatedAt);
