namespace DeferredOrleans.Core.Deferrals;

/// <summary>Server-wide settings of deferred requests (section <c>DeferredOrleans:Deferrals</c>).</summary>
public sealed class DeferralOptions
{
    public const string Section = "DeferredOrleans:Deferrals";

    /// <summary>
    /// Allowance for network jitter when judging whether a poll came too early: this project's choice, as neither
    /// RFC 8628 §3.5 nor draft-ietf-oauth-deferred-token-response-01 §6.5 says how strictly the interval is measured.
    /// Tests set it to zero.
    /// </summary>
    public TimeSpan PollTolerance { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After this many polls in a row that came too early, the code dies with <c>invalid_request</c>.</summary>
    public int MaxSlowDownViolations { get; set; } = 5;

    /// <summary>How long a finished or expired deferral is remembered after its expiry before it is purged.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often a bucket of the timer wheel (<see cref="DeadlineWheel"/>) fires again after its due time, to retry
    /// wake-ups that failed and to catch up after a restart. Orleans reminders allow no less than a minute unless the
    /// host lowers its minimum (tests do).
    /// </summary>
    public TimeSpan WakeRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A deferral grain that received no call for this long leaves memory (Orleans activation collection, checked once
    /// a minute); its state stays stored and the next poll, decision or wake-up brings it back. A client polling at
    /// the interval keeps its deferral in memory; one that waits for a callback, or an approval that takes hours,
    /// costs storage only.
    /// </summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What is wrong with these settings; empty when nothing is.</summary>
    public IEnumerable<string> Problems()
    {
        // Orleans refuses a collection age that is not above its collection quantum (one minute).
        if (IdleDeactivation <= TimeSpan.FromMinutes(1))
        {
            yield return $"IdleDeactivation must be more than a minute (it is {IdleDeactivation}): Orleans collects idle grains once a minute";
        }
    }
}
