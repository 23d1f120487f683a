namespace DeferredOrleans.Core.Notifications;

/// <summary>What follows a failed attempt.</summary>
public abstract record DeliveryStep
{
    /// <summary>Try again after this delay.</summary>
    public sealed record Retry(TimeSpan Delay) : DeliveryStep;

    /// <summary>Stop, and say why in the audit log.</summary>
    public sealed record GiveUp(string Why) : DeliveryStep;
}
