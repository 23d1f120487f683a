namespace DeferredOrleans.Deferrals;

/// <summary>
/// The poll, as a pure function. Order follows Duende's CIBA validator and dtr-reference.md a.4: unknown or other
/// client's code; spent code; slow_down; expiry; denial (or a stale approval); pending; else issue.
/// </summary>
public static class PollRules
{
    /// <summary>RFC 8628 §3.5, CIBA §11: each slow_down adds (at least) 5 s for this and all later polls.</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    public static PollDecision Evaluate(DeferralState state, string clientId, DateTimeOffset now, PollMemory memory, DeferralOptions options)
    {
        // a.4 row 2: an unknown code and another client's code get the same answer.
        if (!state.Exists || !string.Equals(state.Request.ClientId, clientId, StringComparison.Ordinal) || now >= state.PurgeAt(options.Retention))
        {
            return new PollDecision(PollVerdict.Unknown, memory);
        }

        if (state.Status == DeferralStatus.Redeemed)
        {
            return new PollDecision(PollVerdict.Redeemed, memory);
        }

        // The deferred response itself counts as the previous request (CIBA §7.3: measured from the last request).
        var previous = memory.LastPollAt ?? state.CreatedAt;
        var interval = EffectiveInterval(state.Plan.IntervalSeconds, memory.SlowDowns);
        var next = memory with { LastPollAt = now };
        if (now - previous < interval - options.PollTolerance)
        {
            return new PollDecision(PollVerdict.SlowDown, next with { SlowDowns = memory.SlowDowns + 1 });
        }

        return state.StatusAt(now) switch
        {
            DeferralStatus.Expired => new PollDecision(PollVerdict.Expired, next),
            DeferralStatus.Denied or DeferralStatus.Cancelled => new PollDecision(PollVerdict.Denied, next),
            // DTR "Consent Staleness": an approval older than its lifetime no longer authorizes anything.
            DeferralStatus.Approved when now >= state.ResolvedAt + state.Plan.ApprovalLifetime => new PollDecision(PollVerdict.Denied, next),
            DeferralStatus.Approved => new PollDecision(PollVerdict.Issued, next),
            _ => new PollDecision(PollVerdict.Pending, next, Quorum.Describe(state)),
        };
    }

    public static TimeSpan EffectiveInterval(int intervalSeconds, int slowDowns) =>
        TimeSpan.FromSeconds(intervalSeconds) + (SlowDownStep * slowDowns);
}
