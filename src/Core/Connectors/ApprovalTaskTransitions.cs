using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using static DeferredOrleans.Core.Connectors.ApprovalTaskEffect;
using static DeferredOrleans.Core.Connectors.ApprovalTaskEvent;

namespace DeferredOrleans.Core.Connectors;

/// <summary>
/// An approval task at an external system, as a pure function: the state and one event in, the next state and the
/// effects out. The grain turns calls and reminders into events, performs the effects in order, and feeds their answers
/// back as events. Time and the backoff's jitter are inputs, so a step is fully determined by its arguments.
/// </summary>
public static class ApprovalTaskTransitions
{
    /// <summary>Tries to tell an ARAP service that a task ended (<c>links.cancel</c>) before leaving it to expire there.</summary>
    public const int MaxCancelAttempts = 3;

    private const string SecretsUnreadableWhy = "the connector's sealed secrets cannot be read";

    /// <param name="state">The task as it stands.</param>
    /// <param name="happened">What happened.</param>
    /// <param name="now">The current time.</param>
    /// <param name="jitter">From 0 to 1, for the backoff (see <see cref="ConnectorBackoff.Delay"/>).</param>
    /// <param name="options">Delivery and polling settings.</param>
    public static ApprovalTaskStep Apply(ApprovalTaskState state, ApprovalTaskEvent happened, DateTimeOffset now, double jitter, ConnectorOptions options)
    {
        var at = new Moment(now, jitter, options);
        return happened switch
        {
            Started started => state.Task is null ? Start(started.Task, at) : Stay(state),
            ReminderTick => Tick(state, at),
            CancellationRequested when state.IsOpen => Cancel(state, "the request ended before the workflow decided", ApprovalTaskEnding.Cancelled, at),
            OutcomeReported reported => Report(state, reported.Outcome),
            CallbackReceived => Nudge(state, at),
            DeliveryAnswered answered when state.Phase == ApprovalTaskPhase.Delivering => Delivered(state, answered, at),
            SubmissionAnswered answered when state.Phase == ApprovalTaskPhase.Delivering => Submitted(state, answered.Reply, at),
            StatusRead read when state.Phase == ApprovalTaskPhase.Waiting => Read(state, read.Reply, at),
            ReevaluationAnswered answered when state.Phase == ApprovalTaskPhase.Waiting => Reevaluated(state, answered, at),
            DecisionAnswered answered when state.IsOpen => Decided(state, answered, at),
            DecisionFailed failed when state.IsOpen => NotRecorded(state, failed, at),
            SecretsUnreadable when state.IsOpen => GiveUp(state, SecretsUnreadableWhy, at),

            // Without the secrets nothing can be sent, and nothing will be later either: the task ends as if told.
            SecretsUnreadable when state.Phase == ApprovalTaskPhase.Cancelling => Told(state, done: true, at),
            EndNoticeSent sent when state.Phase == ApprovalTaskPhase.Cancelling => Told(state, sent.Done || state.Attempts >= MaxCancelAttempts, at),

            // An answer to something the task no longer waits for (its grain is not reentrant, so only a test sends one).
            _ => Stay(state),
        };
    }

    private static ApprovalTaskStep Start(ConnectorTask task, Moment at)
    {
        var started = new ApprovalTaskState { Task = task, Phase = ApprovalTaskPhase.Delivering, NextAttemptAt = at.Now + at.Options.FirstAttemptDelay };
        return Step(started, new Persist(started), new Schedule(at.Options.FirstAttemptDelay));
    }

    private static ApprovalTaskStep Tick(ApprovalTaskState state, Moment at)
    {
        if (state.Task is not { } task)
        {
            return Step(state, new Forget());
        }

        if (state.Phase == ApprovalTaskPhase.Finished)
        {
            // A finished task is kept until the request's expiry, so that late callbacks hear "not pending".
            return at.Now >= task.ExpiresAt ? Step(new ApprovalTaskState(), new Forget()) : Step(state, new Schedule(task.ExpiresAt - at.Now));
        }

        // AROP: the access request is cancelled when its handle expires; a webhook task simply ends.
        if (at.Now >= task.ExpiresAt && state.Phase != ApprovalTaskPhase.Cancelling)
        {
            return Cancel(state, "the request expired before the workflow decided", ApprovalTaskEnding.Expired, at);
        }

        return state.Phase switch
        {
            ApprovalTaskPhase.Delivering => Attempt(state),
            ApprovalTaskPhase.Waiting when task.Binding.Kind == ConnectorKind.Arap => Poll(state, at),

            // A webhook task waits for its callback; the reminder only ends it at expiry.
            ApprovalTaskPhase.Waiting => Step(state, new Schedule(task.ExpiresAt - at.Now)),
            ApprovalTaskPhase.Cancelling => AttemptEndNotice(state),
            _ => Stay(state),
        };
    }

    /// <summary>A webhook's outcome: a decision, or a status that decides nothing.</summary>
    private static ApprovalTaskStep Report(ApprovalTaskState state, ConnectorOutcome outcome)
    {
        if (state.Task is not { Binding.Kind: ConnectorKind.Webhook } task)
        {
            return Step(state, new Reply(new CallbackAnswer(CallbackResult.UnknownTask)));
        }

        if (!state.IsOpen)
        {
            return Step(state, new Reply(new CallbackAnswer(CallbackResult.NotPending)));
        }

        var verdict = StatusMapping.Webhook(outcome.Status, outcome.Reference);
        if (verdict.Kind is VerdictKind.Pending or VerdictKind.Unknown)
        {
            return RecordStatus(state, outcome.Status, verdict).Then(next => Step(next, new Reply(new CallbackAnswer(CallbackResult.Ignored))));
        }

        var approved = verdict.Kind == VerdictKind.Approved;
        var decision = new ApproverDecision(
            task.Binding.ApproverId,
            approved,
            Reason(verdict, outcome.Reason),
            approved ? outcome.Scopes : null,
            approved ? outcome.AuthorizationDetails : null,
            verdict.Reference);
        return Step(state, new Decide(decision, verdict.Why));
    }

    /// <summary>An ARAP callback: the task acts as on its reminder, but not expiry; it answers "recorded" only if it decided.</summary>
    private static ApprovalTaskStep Nudge(ApprovalTaskState state, Moment at)
    {
        if (state.Task is not { Binding.Kind: ConnectorKind.Arap })
        {
            return Step(state, new Reply(new CallbackAnswer(CallbackResult.UnknownTask)));
        }

        var ignored = Step(state, new Reply(new CallbackAnswer(CallbackResult.Ignored)));
        return state.Phase switch
        {
            ApprovalTaskPhase.Delivering => ignored.Then(Attempt),
            ApprovalTaskPhase.Waiting => ignored.Then(next => Poll(next, at)),
            _ => Step(state, new Reply(new CallbackAnswer(CallbackResult.NotPending))),
        };
    }

    /// <summary>One delivery attempt: counted durably before the send, so that a crash mid-send still counts it.</summary>
    private static ApprovalTaskStep Attempt(ApprovalTaskState state)
    {
        var counted = state with { Attempts = state.Attempts + 1, NextAttemptAt = null };
        return Step(counted, new Persist(counted), new Deliver());
    }

    private static ApprovalTaskStep Delivered(ApprovalTaskState state, DeliveryAnswered answered, Moment at)
    {
        if (!answered.IsSuccess)
        {
            return Retry(state, answered.Detail, answered.RetryAfter, at);
        }

        var waiting = state with { Phase = ApprovalTaskPhase.Waiting, Attempts = 0 };
        return Step(
            waiting,
            new Persist(waiting),
            new Audit(ConnectorAuditKinds.Sent, $"approval task delivered to the webhook (HTTP {answered.Status})"),
            new Schedule(state.Task!.ExpiresAt - at.Now));
    }

    private static ApprovalTaskStep Submitted(ApprovalTaskState state, ArapReply reply, Moment at) => reply.Kind switch
    {
        ArapReplyKind.Task => Accept(state, reply.Task!, reply.Detail, at),
        ArapReplyKind.Retry => Retry(state, reply.Detail, reply.RetryAfter, at),
        _ => Conclude(state, ConnectorVerdict.Deny($"the access request was refused ({reply.Detail})")),
    };

    /// <summary>The access request service took the request: remember how to follow and cancel it, then act on its status.</summary>
    private static ApprovalTaskStep Accept(ApprovalTaskState state, ArapTaskDocument document, string detail, Moment at)
    {
        var url = state.Task!.Binding.Url;
        var endpoint = document.StatusEndpoint is { } named && ConnectorRequest.SameOrigin(named, url) ? named : null;
        if (endpoint is null && StatusMapping.Arap(document, at.Now).Kind is VerdictKind.Pending or VerdictKind.Unknown)
        {
            // ARAP "Trusting URLs": credentials go only to the configured service; a task we cannot follow never approves.
            return Conclude(state, ConnectorVerdict.Deny("the task's status endpoint is missing or not on the access request service's origin"));
        }

        var accepted = state with
        {
            Phase = ApprovalTaskPhase.Waiting,
            Attempts = 0,
            RemoteTaskId = document.Id,
            StatusEndpoint = endpoint,
            CancelUrl = document.CancelUrl is { } cancel && ConnectorRequest.SameOrigin(cancel, url) ? cancel : null,
            RemoteExpiresAt = document.ExpiresAt,
        };
        return Step(accepted, new Persist(accepted), new Audit(ConnectorAuditKinds.Sent, $"access request submitted ({detail}), task {Printable(document.Id)} is {Printable(document.Status)}"))
            .Then(next => Follow(next, document, null, at));
    }

    /// <summary>An ARAP task still waiting: decide from what is known, or read its status.</summary>
    private static ApprovalTaskStep Poll(ApprovalTaskState state, Moment at)
    {
        if (state.RemoteExpiresAt is { } remoteExpiry && at.Now >= remoteExpiry)
        {
            return Conclude(state, ConnectorVerdict.Deny("the task expired at the access request service"));
        }

        return state.StatusEndpoint is { } endpoint
            ? Step(state, new ReadStatus(endpoint))
            : Conclude(state, ConnectorVerdict.Deny("the task has no status endpoint to follow"));
    }

    private static ApprovalTaskStep Read(ApprovalTaskState state, ArapReply reply, Moment at) => reply.Kind switch
    {
        ArapReplyKind.Task => Follow(state, reply.Task!, reply.RetryAfter, at),
        ArapReplyKind.Retry => Step(state, new Audit(ConnectorAuditKinds.Retry, $"status read failed ({reply.Detail}); polling again later"))
            .Then(next => PollLater(next, reply.RetryAfter, at)),
        _ => Conclude(state, ConnectorVerdict.Deny($"the task is gone ({reply.Detail})")),
    };

    /// <summary>Acts on an ARAP task status: a decision, a re-evaluation first, or another poll later.</summary>
    private static ApprovalTaskStep Follow(ApprovalTaskState state, ArapTaskDocument document, TimeSpan? retryAfter, Moment at)
    {
        var verdict = StatusMapping.Arap(document, at.Now);
        return verdict.Kind switch
        {
            VerdictKind.Pending or VerdictKind.Unknown => RecordStatus(state, document.Status, verdict).Then(next => PollLater(next, retryAfter, at)),

            // AROP "Re-evaluation and issuance": the approval counts only if the PDP, asked again with it, now allows.
            VerdictKind.Approved => Step(state, new Reevaluate(document, verdict, retryAfter)),
            _ => Conclude(state, verdict),
        };
    }

    private static ApprovalTaskStep Reevaluated(ApprovalTaskState state, ReevaluationAnswered answered, Moment at) => answered.Allowed switch
    {
        null => Step(state, new Audit(ConnectorAuditKinds.Retry, "approved, but the re-evaluation got no answer; trying again later"))
            .Then(next => PollLater(next, answered.Asked.RetryAfter, at)),
        false => Conclude(state, ConnectorVerdict.Deny("approved, but the re-evaluation with the approval denied", answered.Asked.Verdict.Reference)),
        true => Conclude(state, answered.Asked.Verdict),
    };

    /// <summary>Turns a final ARAP verdict into the approver's decision.</summary>
    private static ApprovalTaskStep Conclude(ApprovalTaskState state, ConnectorVerdict verdict) => Step(
        state,
        new Decide(new ApproverDecision(state.Task!.Binding.ApproverId, verdict.Kind == VerdictKind.Approved, Reason(verdict, null), WorkflowRef: verdict.Reference, ApprovedUntil: verdict.ApprovedUntil), verdict.Why));

    /// <summary>The deferral answered: the task ends, unless the decision asked for more than was requested.</summary>
    private static ApprovalTaskStep Decided(ApprovalTaskState state, DecisionAnswered answered, Moment at)
    {
        var (asked, outcome) = (answered.Asked, answered.Outcome);
        var recorded = outcome.Result == DecisionResult.Recorded;
        var webhook = state.Task!.Binding.Kind == ConnectorKind.Webhook;
        var audited = Step(state, new Audit(
            ConnectorAuditKinds.Outcome,
            $"{asked.Why}: {(asked.Decision.Approve ? "approve" : "deny")} {(recorded ? "recorded" : $"not recorded ({outcome.Result})")}"));
        if (outcome.Result == DecisionResult.Broadened)
        {
            return webhook ? audited.Then(next => Step(next, new Reply(new CallbackAnswer(CallbackResult.Invalid, outcome.Status)))) : audited;
        }

        // An ARAP callback only nudged the task, so its sender hears whether it decided, not the request's status.
        var answer = webhook
            ? new CallbackAnswer(recorded ? CallbackResult.Recorded : CallbackResult.NotPending, outcome.Status)
            : new CallbackAnswer(recorded ? CallbackResult.Recorded : CallbackResult.Ignored);
        return audited
            .Then(next => End(next, recorded ? ApprovalTaskEnding.Decided : ApprovalTaskEnding.NotPending, tellRemote: false, at))
            .Then(next => Step(next, new Reply(answer)));
    }

    /// <summary>Not recorded: a webhook's sender gets an error and sends again; an ARAP task reads its status again later.</summary>
    private static ApprovalTaskStep NotRecorded(ApprovalTaskState state, DecisionFailed failed, Moment at)
    {
        if (state.Task!.Binding.Kind == ConnectorKind.Webhook)
        {
            return Step(state, new Rethrow(failed.Error));
        }

        return state.StatusEndpoint is null ? Retry(state, "the outcome could not be recorded", null, at) : PollLater(state, null, at);
    }

    /// <summary>A failed delivery: try again after the backoff (or the longer Retry-After), or give up after the last attempt.</summary>
    private static ApprovalTaskStep Retry(ApprovalTaskState state, string why, TimeSpan? retryAfter, Moment at)
    {
        if (state.Attempts >= at.Options.MaxAttempts)
        {
            return GiveUp(state, $"attempt {state.Attempts} failed ({why}); no attempts left", at);
        }

        var delay = ConnectorBackoff.Delay(state.Attempts, at.Options.InitialBackoff, at.Options.MaxBackoff, at.Jitter);
        delay = retryAfter is { } asked && asked > delay ? asked : delay;
        var later = state with { NextAttemptAt = at.Now + delay };
        return Step(
            later,
            new Persist(later),
            new Audit(ConnectorAuditKinds.Retry, $"attempt {state.Attempts} failed ({why}); next in {delay.TotalSeconds:0.#} s"),
            new Schedule(delay));
    }

    /// <summary>
    /// Schedules the next status poll. Nothing is written: the poll count and time live in memory, since after a restart
    /// polling may as well start again from the initial delay (one write per poll, the reminder's, not two).
    /// </summary>
    private static ApprovalTaskStep PollLater(ApprovalTaskState state, TimeSpan? retryAfter, Moment at)
    {
        var polls = state.Polls + 1;
        var delay = ConnectorBackoff.NextPoll(polls, at.Options.PollInitialDelay, at.Options.PollMaxDelay, retryAfter, at.Jitter);
        return Step(state with { Polls = polls, NextAttemptAt = at.Now + delay }, new Schedule(delay));
    }

    /// <summary>Records a status that decides nothing; an unknown one is audited once, since it never approves.</summary>
    private static ApprovalTaskStep RecordStatus(ApprovalTaskState state, string? status, ConnectorVerdict verdict)
    {
        if (string.Equals(state.LastStatus, status, StringComparison.Ordinal))
        {
            return Stay(state);
        }

        var recorded = state with { LastStatus = status };
        return verdict.Kind == VerdictKind.Unknown
            ? Step(recorded, new Persist(recorded), new Audit(ConnectorAuditKinds.UnknownStatus, $"{verdict.Why}: not approved, still waiting"))
            : Step(recorded, new Persist(recorded));
    }

    private static ApprovalTaskStep GiveUp(ApprovalTaskState state, string why, Moment at) =>
        Step(state, new Audit(ConnectorAuditKinds.GaveUp, why)).Then(next => End(next, ApprovalTaskEnding.GaveUp, tellRemote: false, at));

    /// <summary>The request ended first: stop, and tell the system if it holds an open task it can be told about.</summary>
    private static ApprovalTaskStep Cancel(ApprovalTaskState state, string why, ApprovalTaskEnding ending, Moment at)
    {
        var tellRemote = state.Phase == ApprovalTaskPhase.Waiting && (state.Task!.Binding.Kind == ConnectorKind.Webhook || state.CancelUrl is not null);
        return Step(state, new Audit(ConnectorAuditKinds.Cancelled, why)).Then(next => End(next, ending, tellRemote, at));
    }

    /// <summary>Finishes the task (kept until the request's expiry), or first tells the system it no longer matters.</summary>
    private static ApprovalTaskStep End(ApprovalTaskState state, ApprovalTaskEnding ending, bool tellRemote, Moment at)
    {
        var ended = state with
        {
            Ending = ending,
            Attempts = 0,
            NextAttemptAt = null,
            Phase = tellRemote ? ApprovalTaskPhase.Cancelling : ApprovalTaskPhase.Finished,
        };
        return Step(ended, new Persist(ended), new Schedule(tellRemote ? TimeSpan.Zero : state.Task!.ExpiresAt - at.Now));
    }

    /// <summary>ARAP: <c>POST links.cancel</c> (a few tries); webhook: one best-effort notice. Counted durably first.</summary>
    private static ApprovalTaskStep AttemptEndNotice(ApprovalTaskState state)
    {
        var counted = state with { Attempts = state.Attempts + 1 };
        return Step(counted, new Persist(counted), new TellEnded());
    }

    private static ApprovalTaskStep Told(ApprovalTaskState state, bool done, Moment at)
    {
        if (!done)
        {
            return Step(state, new Schedule(ConnectorBackoff.Delay(state.Attempts, at.Options.InitialBackoff, at.Options.MaxBackoff)));
        }

        var task = state.Task!;
        var finished = state with { Phase = ApprovalTaskPhase.Finished };
        return Step(
            finished,
            new Audit(ConnectorAuditKinds.CancelSent, task.Binding.Kind == ConnectorKind.Arap ? "the access request was cancelled at the service" : "the webhook was told the task ended"),
            new Persist(finished),
            new Schedule(task.ExpiresAt - at.Now));
    }

    private static ApprovalTaskStep Step(ApprovalTaskState next, params ApprovalTaskEffect[] effects) => new(next, [.. effects]);

    private static ApprovalTaskStep Stay(ApprovalTaskState state) => new(state, []);

    private static string Reason(ConnectorVerdict verdict, string? reason) =>
        verdict.Reference is { } reference ? $"workflow {Printable(reference)}: {reason ?? verdict.Why}" : reason ?? verdict.Why;

    /// <summary>Words from outside go into the audit log and the decision's reason: keep them short and printable.</summary>
    private static string Printable(string? value) =>
        value is null ? "" : new string([.. value.Take(100).Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    /// <summary>The inputs of one step besides state and event.</summary>
    private readonly record struct Moment(DateTimeOffset Now, double Jitter, ConnectorOptions Options);
}
