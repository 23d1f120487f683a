namespace DeferredOrleans.Client;

/// <summary>Everything the polling state machine remembers between answers; immutable.</summary>
/// <param name="DeferralCode">The handle to poll with; null before the first deferred response.</param>
/// <param name="Deadline">When the deferral expires (<c>expires_in</c> after it was given); the client gives up then.</param>
/// <param name="Interval">The current polling interval, grown by every <c>slow_down</c>.</param>
/// <param name="NextPollAt">The earliest moment of the next poll.</param>
/// <param name="InteractionUri">The interaction URI already handed to the caller, so it is handed over once.</param>
/// <param name="Polls">How many polls were sent.</param>
public sealed record PollState(string? DeferralCode, DateTimeOffset Deadline, TimeSpan Interval, DateTimeOffset NextPollAt, Uri? InteractionUri, int Polls)
{
    /// <summary>Before the token request's answer.</summary>
    public static PollState Initial { get; } = new(null, DateTimeOffset.MaxValue, PollingMachine.DefaultInterval, DateTimeOffset.MinValue, null, 0);

    /// <summary>A deferred response has been received: there is a code to poll with.</summary>
    public bool IsDeferred => DeferralCode is not null;
}
