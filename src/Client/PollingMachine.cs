namespace DeferredOrleans.Client;

/// <summary>
/// The client side of a deferred token request as a pure function: the state so far, the server's answer (or a tick
/// of the clock) and the time give the next state and action. No I/O and no clock of its own, so every rule is a row
/// of a table test. The rules, in order:
/// <list type="number">
/// <item>a token ends it; any error other than the ones below ends it too (an unknown error is terminal);</item>
/// <item>the first <c>authorization_pending</c> must carry a code and <c>expires_in</c>: the deadline is <c>expires_in</c> from now;</item>
/// <item>the next poll is never sooner than <c>interval</c> after the last answer (RFC 8628 §3.5, DTR §6.5);</item>
/// <item><c>slow_down</c> adds 5 s to the interval, for this and every later poll;</item>
/// <item>a new <c>interaction_uri</c> is handed to the caller once, then polling goes on;</item>
/// <item>at the deadline the client stops with <c>expired_token</c>, never polling for ever.</item>
/// </list>
/// </summary>
public static class PollingMachine
{
    /// <summary>RFC 8628 §3.2: without an <c>interval</c> the client waits 5 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>RFC 8628 §3.5: each <c>slow_down</c> adds 5 s.</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>The next state and action after <paramref name="answer"/> at <paramref name="now"/>.</summary>
    public static (PollState State, PollAction Action) Next(PollState state, ServerAnswer answer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return answer switch
        {
            ServerAnswer.Issued issued => (state, new PollAction.Done(issued.Token)),
            ServerAnswer.Pending pending => OnPending(state, pending, now),
            ServerAnswer.Error error => OnError(state, error, now),
            ServerAnswer.Tick => OnTick(state, now),
            _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, "unknown answer"),
        };
    }

    private static (PollState, PollAction) OnPending(PollState state, ServerAnswer.Pending pending, DateTimeOffset now)
    {
        if (!state.IsDeferred)
        {
            // DTR §6.4: the deferred response carries the code, its lifetime and the interval.
            if (string.IsNullOrEmpty(pending.DeferralCode) || pending.ExpiresIn is not > 0)
            {
                return (state, Invalid("a deferred response without deferral_code and expires_in"));
            }

            var interval = pending.Interval is > 0 ? TimeSpan.FromSeconds(pending.Interval.Value) : DefaultInterval;
            state = new PollState(pending.DeferralCode, now.AddSeconds(pending.ExpiresIn.Value), interval, now + interval, null, 0);
        }
        else
        {
            // A later answer may only lengthen the interval: a shorter one would poll faster than agreed.
            var interval = pending.Interval is > 0 && TimeSpan.FromSeconds(pending.Interval.Value) > state.Interval
                ? TimeSpan.FromSeconds(pending.Interval.Value)
                : state.Interval;
            state = state with { Interval = interval, NextPollAt = now + interval };
        }

        if (pending.InteractionUri is { } uri && uri != state.InteractionUri)
        {
            return (state with { InteractionUri = uri }, new PollAction.Interaction(uri));
        }

        return (state, WaitUntilNextPoll(state, now, DeferralProgress.From(state, pending, now)));
    }

    private static (PollState, PollAction) OnError(PollState state, ServerAnswer.Error error, DateTimeOffset now)
    {
        if (!state.IsDeferred)
        {
            return (state, new PollAction.Fail(error.Code, error.Description));
        }

        switch (error.Code)
        {
            case OAuthWire.SlowDown:
                // RFC 8628 §3.5: the interval grows by 5 s, cumulatively.
                var slower = state.Interval + SlowDownStep;
                state = state with { Interval = slower, NextPollAt = now + slower };
                return (state, WaitUntilNextPoll(state, now, null));
            case OAuthWire.TemporarilyUnavailable:
                // RFC 6749 §5.2 and RFC 9110 §10.2.3: the server is busy; wait its Retry-After, never less than the interval.
                var pause = error.RetryAfter is { } retry && retry > state.Interval ? retry : state.Interval;
                state = state with { NextPollAt = now + pause };
                return (state, WaitUntilNextPoll(state, now, null));
            default:
                return (state, new PollAction.Fail(error.Code, error.Description));
        }
    }

    private static (PollState, PollAction) OnTick(PollState state, DateTimeOffset now)
    {
        if (!state.IsDeferred)
        {
            return (state, Invalid("nothing to wait for: no deferral was started"));
        }

        // DTR §6.4: the code is dead after expires_in; polling on would only collect expired_token.
        if (now >= state.Deadline)
        {
            return (state, new PollAction.Fail(OAuthWire.ExpiredToken, "the deferral expired before it was approved"));
        }

        if (now < state.NextPollAt)
        {
            return (state, WaitUntilNextPoll(state, now, null));
        }

        return (state with { Polls = state.Polls + 1 }, new PollAction.Poll(state.DeferralCode!));
    }

    private static PollAction.Wait WaitUntilNextPoll(PollState state, DateTimeOffset now, DeferralProgress? progress)
    {
        var until = state.NextPollAt < state.Deadline ? state.NextPollAt : state.Deadline;
        return new PollAction.Wait(until > now ? until - now : TimeSpan.Zero, progress);
    }

    private static PollAction.Fail Invalid(string description) => new(OAuthWire.InvalidResponse, description);
}
