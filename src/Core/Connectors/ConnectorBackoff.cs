namespace DeferredOrleans.Core.Connectors;

/// <summary>Exponential backoff: <c>initial · 2^(n-1)</c> after the n-th failure, capped, with optional jitter.</summary>
public static class ConnectorBackoff
{
    private const int MaxDoublings = 30;

    /// <param name="failures">How many attempts failed so far (1 after the first).</param>
    /// <param name="initial">The delay after the first failure.</param>
    /// <param name="max">The cap.</param>
    /// <param name="jitter">From 0 (none) to 1: shortens the delay by up to 10 %, so many tasks spread out (ARAP).</param>
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max, double jitter = 0)
    {
        var doublings = Math.Clamp(failures - 1, 0, MaxDoublings);
        var delay = TimeSpan.FromTicks((long)Math.Min(initial.Ticks * Math.Pow(2, doublings), max.Ticks));
        return delay * (1 - (0.1 * Math.Clamp(jitter, 0, 1)));
    }

    /// <summary>
    /// The wait before the next status poll: the backoff, or longer when the server asked for it with
    /// <c>Retry-After</c> (ARAP: the PEP MUST wait at least that long).
    /// </summary>
    public static TimeSpan NextPoll(int polls, TimeSpan initial, TimeSpan max, TimeSpan? retryAfter, double jitter = 0)
    {
        var backoff = Delay(polls, initial, max, jitter);
        return retryAfter is { } asked && asked > backoff ? asked : backoff;
    }
}
