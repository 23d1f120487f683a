using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Connectors;

/// <summary>
/// What the approval task grain does for a transition, in the order given. An effect that asks something of the
/// outside world answers with an <see cref="ApprovalTaskEvent"/>, and is always the last of its step.
/// </summary>
public abstract record ApprovalTaskEffect
{
    /// <summary>Writes this state. A failed write deactivates the grain and fails the turn.</summary>
    public sealed record Persist(ApprovalTaskState State) : ApprovalTaskEffect;

    /// <summary>Sets the task's reminder to fire after this delay.</summary>
    public sealed record Schedule(TimeSpan Delay) : ApprovalTaskEffect;

    /// <summary>Records an audit event about the task.</summary>
    public sealed record Audit(string Kind, string Detail) : ApprovalTaskEffect;

    /// <summary>Answers the caller of a callback; the last reply of a call is its answer.</summary>
    public sealed record Reply(CallbackAnswer Answer) : ApprovalTaskEffect;

    /// <summary>Sends the task (webhook POST, ARAP submission). Answers <see cref="ApprovalTaskEvent.DeliveryAnswered"/> or <see cref="ApprovalTaskEvent.SubmissionAnswered"/>.</summary>
    public sealed record Deliver : ApprovalTaskEffect;

    /// <summary>ARAP: reads the task at its status endpoint. Answers <see cref="ApprovalTaskEvent.StatusRead"/>.</summary>
    public sealed record ReadStatus(string Endpoint) : ApprovalTaskEffect;

    /// <summary>AROP: asks the PDP again with the approval. Answers <see cref="ApprovalTaskEvent.ReevaluationAnswered"/>.</summary>
    /// <param name="Approved">The approved task.</param>
    /// <param name="Verdict">Its verdict, which stands if the PDP now allows.</param>
    /// <param name="RetryAfter">The service's Retry-After, for the next poll if the PDP does not answer.</param>
    public sealed record Reevaluate(ArapTaskDocument Approved, ConnectorVerdict Verdict, TimeSpan? RetryAfter) : ApprovalTaskEffect;

    /// <summary>
    /// Records the approver's decision on the deferral. Answers <see cref="ApprovalTaskEvent.DecisionAnswered"/> or
    /// <see cref="ApprovalTaskEvent.DecisionFailed"/>.
    /// </summary>
    /// <param name="Decision">The decision.</param>
    /// <param name="Why">The verdict in plain words, for the audit.</param>
    public sealed record Decide(ApproverDecision Decision, string Why) : ApprovalTaskEffect;

    /// <summary>Tells the system the task ended (ARAP <c>links.cancel</c>, webhook notice). Answers <see cref="ApprovalTaskEvent.EndNoticeSent"/>.</summary>
    public sealed record TellEnded : ApprovalTaskEffect;

    /// <summary>Fails the call with this error, so that a webhook's sender tries again.</summary>
    public sealed record Rethrow(Exception Error) : ApprovalTaskEffect;

    /// <summary>Drops the reminder and the stored state, and deactivates.</summary>
    public sealed record Forget : ApprovalTaskEffect;
}
