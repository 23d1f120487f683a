using DeferredOrleans.Core.Notifications;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>What one attempt to send a message came to.</summary>
/// <param name="Delivered">Whether the channel took the message.</param>
/// <param name="Failure">How it failed, when it did.</param>
/// <param name="Detail">What the channel said, for logs and the audit (never the message's content).</param>
/// <param name="RetryAfter">The wait the receiver asked for, if any.</param>
public sealed record SendResult(bool Delivered, DeliveryFailure Failure = DeliveryFailure.Transient, string? Detail = null, TimeSpan? RetryAfter = null)
{
    public static SendResult Ok(string detail) => new(true, Detail: detail);

    public static SendResult Failed(DeliveryFailure failure, string detail, TimeSpan? retryAfter = null) => new(false, failure, detail, retryAfter);
}
