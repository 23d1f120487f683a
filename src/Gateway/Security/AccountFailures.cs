namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// One account's failed attempts and the lockout they earned, and the rule that moves them on, after Keycloak's
/// brute force detection ("temporary lockout"): every <see cref="BruteForceOptions.MaxLoginFailures"/>-th failure
/// locks the account for <see cref="BruteForceOptions.WaitIncrement"/> times the number of lockouts so far, at most
/// <see cref="BruteForceOptions.MaxWait"/>; failures are forgotten after <see cref="BruteForceOptions.FailureResetTime"/>
/// without one.
/// </summary>
public readonly record struct AccountFailures(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil)
{
    /// <summary>The state after one more failure at <paramref name="now"/>.</summary>
    public static AccountFailures AfterFailure(AccountFailures? previous, DateTimeOffset now, BruteForceOptions options)
    {
        var earlier = previous is { } p && now - p.LastFailure < options.FailureResetTime ? p : default;
        var failures = earlier.Failures + 1;
        var wait = Wait(failures, options);
        return new AccountFailures(failures, now, wait > TimeSpan.Zero ? now + wait : earlier.LockedUntil);
    }

    /// <summary>How long the <paramref name="failures"/>-th failure locks the account (zero unless it is a multiple of the factor).</summary>
    public static TimeSpan Wait(int failures, BruteForceOptions options)
    {
        var factor = Math.Max(1, options.MaxLoginFailures);
        if (failures % factor != 0)
        {
            return TimeSpan.Zero;
        }

        var ticks = Math.Min((double)options.WaitIncrement.Ticks * (failures / factor), options.MaxWait.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How long the account stays locked after <paramref name="now"/>, or null when it is not.</summary>
    public TimeSpan? LockedFor(DateTimeOffset now) => LockedUntil > now ? LockedUntil - now : null;

    /// <summary>Whether this entry can be dropped: not locked, and its failures are old enough to be forgotten.</summary>
    public bool IsSpent(DateTimeOffset now, BruteForceOptions options) => LockedUntil <= now && now - LastFailure >= options.FailureResetTime;
}
