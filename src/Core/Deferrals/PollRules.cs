using DeferredOrleans.Abstractions.Deferrals;
namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// The poll, as a pure function. Order follows draft-ietf-oauth-deferred-token-response-01 §6.5.1 and Duende's CIBA
/// validator: unknown or other client's code; wrong DPoP key; spent or dead code; slow_down; expiry; denial (or a
/// stale approval); pending (or waiting for the subject's interaction); else issue.
/// </summary>
public static class PollRules
{
    /// <summary>RFC 8628 §3.5, CIBA §11: each slow_down adds (at least) 5 s for this and all later polls.</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    public static PollDecision Evaluate(DeferralState state, PollRequest poll, DateTimeOffset now, PollMemory memory, DeferralOptions options)
    {
        // draft-ietf-oauth-deferred-token-response-01 §6.6: an unknown code and another client's code get the same
        // answer.
        if (!state.IsOwnedBy(poll.ClientId) || now >= state.PurgeAt(options.Retention))
        {
            return new PollDecision(PollVerdict.Unknown, memory);
        }

        // draft-ietf-oauth-deferred-token-response-01 §11.1: a DPoP-bound code is only usable with a proof from the
        // same key.
        if (!state.ProvesKey(poll.DpopJkt))
        {
            return new PollDecision(PollVerdict.WrongProofKey, memory);
        }

        // RFC 8705 §3, as for DPoP: a code obtained over mutual TLS is only usable over a connection with the same certificate.
        if (!state.ProvesCertificate(poll.CertificateThumbprint))
        {
            return new PollDecision(PollVerdict.WrongCertificate, memory);
        }

        switch (state.Status)
        {
            case DeferralStatus.Redeemed:
                return new PollDecision(PollVerdict.Redeemed, memory);
            case DeferralStatus.Abandoned:
                return new PollDecision(PollVerdict.Abandoned, memory);
        }

        // The deferred response itself counts as the previous request (CIBA §7.3: measured from the last request).
        var previous = memory.LastPollAt ?? state.CreatedAt;
        var interval = EffectiveInterval(state.Plan!.IntervalSeconds, memory.SlowDowns);
        if (now - previous < interval - options.PollTolerance)
        {
            // draft-ietf-oauth-deferred-token-response-01 §6.6, §11.3: persistent over-polling kills the code; the
            // client must stop using it.
            var violations = memory.Violations + 1;
            var slowed = new PollMemory(now, memory.SlowDowns + 1, violations);
            return violations >= options.MaxSlowDownViolations
                ? new PollDecision(PollVerdict.Abandoned, slowed, Abandon: true)
                : new PollDecision(PollVerdict.SlowDown, slowed);
        }

        var next = memory with { LastPollAt = now, Violations = 0 };
        return state.StatusAt(now) switch
        {
            DeferralStatus.Expired => new PollDecision(PollVerdict.Expired, next),
            DeferralStatus.Denied or DeferralStatus.Cancelled => new PollDecision(PollVerdict.Denied, next),
            // DTR "Consent Staleness": an approval older than its lifetime no longer authorizes anything.
            DeferralStatus.Approved when state.ResolvedAt is { } approvedAt && now >= Quorum.ApprovedUntil(state, approvedAt) => new PollDecision(PollVerdict.Denied, next),
            DeferralStatus.Approved => new PollDecision(PollVerdict.Issued, next),
            _ when state.AwaitingInteraction => new PollDecision(PollVerdict.InteractionRequired, next),
            _ => new PollDecision(PollVerdict.Pending, next, Quorum.Describe(state, now)),
        };
    }

    public static TimeSpan EffectiveInterval(int intervalSeconds, int slowDowns) =>
        TimeSpan.FromSeconds(intervalSeconds) + (SlowDownStep * slowDowns);
}
