using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Connectors;

/// <summary>
/// What happens to an approval task: a call or reminder of its grain, or the answer to one of the effects of
/// <see cref="ApprovalTaskTransitions"/>.
/// </summary>
public abstract record ApprovalTaskEvent
{
    /// <summary>The deferral asked the approver; a second start changes nothing.</summary>
    public sealed record Started(ConnectorTask Task) : ApprovalTaskEvent;

    /// <summary>The request ended (decided by others, revoked) before the system decided.</summary>
    public sealed record CancellationRequested : ApprovalTaskEvent;

    /// <summary>The task's reminder fired.</summary>
    public sealed record ReminderTick : ApprovalTaskEvent;

    /// <summary>A webhook system's authenticated outcome.</summary>
    public sealed record OutcomeReported(ConnectorOutcome Outcome) : ApprovalTaskEvent;

    /// <summary>An ARAP system's authenticated callback; it is advisory, so the task reads its status instead.</summary>
    public sealed record CallbackReceived : ApprovalTaskEvent;

    /// <summary>The webhook's answer to a delivery; status 0 when nothing usable came back.</summary>
    public sealed record DeliveryAnswered(int Status, TimeSpan? RetryAfter = null) : ApprovalTaskEvent
    {
        public bool IsSuccess => Status is >= 200 and < 300;

        public string Detail => Status == 0 ? "no answer" : $"HTTP {Status}";
    }

    /// <summary>The access request service's answer to the submission.</summary>
    public sealed record SubmissionAnswered(ArapReply Reply) : ApprovalTaskEvent;

    /// <summary>The answer of the ARAP task's status endpoint.</summary>
    public sealed record StatusRead(ArapReply Reply) : ApprovalTaskEvent;

    /// <summary>The PDP's answer to the re-evaluation with the approval: allowed, denied, or null when it did not answer.</summary>
    public sealed record ReevaluationAnswered(ApprovalTaskEffect.Reevaluate Asked, bool? Allowed) : ApprovalTaskEvent;

    /// <summary>The deferral took the decision, recorded or not (<see cref="DecisionOutcome.Result"/> says).</summary>
    public sealed record DecisionAnswered(ApprovalTaskEffect.Decide Asked, DecisionOutcome Outcome) : ApprovalTaskEvent;

    /// <summary>The decision never reached the deferral (the call failed or timed out).</summary>
    public sealed record DecisionFailed(ApprovalTaskEffect.Decide Asked, Exception Error) : ApprovalTaskEvent;

    /// <summary>The connector's sealed secrets cannot be read, so nothing can be sent to the system.</summary>
    public sealed record SecretsUnreadable : ApprovalTaskEvent;

    /// <summary>The system was told the task ended; <paramref name="Done"/> is false when that is worth trying again.</summary>
    public sealed record EndNoticeSent(bool Done) : ApprovalTaskEvent;
}
