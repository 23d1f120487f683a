namespace DeferredOrleans.Core.Notifications;

/// <summary>How an attempt to send a message failed.</summary>
public enum DeliveryFailure
{
    /// <summary>Worth trying again: no answer, a timeout, SMTP 4xx, HTTP 408, 429 or 5xx.</summary>
    Transient = 0,

    /// <summary>Refused for good: SMTP 5xx for the sender, recipient or message, HTTP 4xx, a redirect, a forbidden target.</summary>
    Permanent = 1,
}
