using DeferredOrleans.Core.Connectors;

namespace DeferredOrleans.Core.Notifications;

/// <summary>Retries of a message: backoff that doubles up to a cap, honouring <c>Retry-After</c>, until the attempts run out.</summary>
public static class DeliveryRetry
{
    /// <param name="attempts">Attempts made so far, the failed one included.</param>
    /// <param name="failure">How it failed.</param>
    /// <param name="retryAfter">The receiver's <c>Retry-After</c> (RFC 9110 §10.2.3), if it sent one.</param>
    /// <param name="options">Attempts and backoff.</param>
    /// <param name="jitter">0 to 1: shortens the backoff by up to 10 %, so many messages spread out.</param>
    public static DeliveryStep AfterFailure(int attempts, DeliveryFailure failure, TimeSpan? retryAfter, NotificationOptions options, double jitter = 0)
    {
        if (failure == DeliveryFailure.Permanent)
        {
            return new DeliveryStep.GiveUp($"refused for good after {attempts} attempt{(attempts == 1 ? "" : "s")}");
        }

        if (attempts >= options.MaxAttempts)
        {
            return new DeliveryStep.GiveUp($"{attempts} attempts failed");
        }

        var backoff = ConnectorBackoff.Delay(attempts, options.InitialBackoff, options.MaxBackoff, jitter);

        // A receiver asking for more time gets it, but never more than the longest backoff.
        return new DeliveryStep.Retry(retryAfter is { } asked && asked > backoff ? (asked < options.MaxBackoff ? asked : options.MaxBackoff) : backoff);
    }
}
