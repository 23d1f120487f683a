namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>A decision as stored in a deferral's state.</summary>
/// <param name="ApproverId">Who decided.</param>
/// <param name="Approve">Approve or deny.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Free text for audit.</param>
/// <param name="StandingDecisionId">The approver's standing decision that decided in their place, if any.</param>
/// <param name="Stage">The stage that was open when the decision was made; it counts only there.</param>
/// <param name="WorkflowRef">The external workflow's reference when a connector decided, e.g. a ticket id.</param>
/// <param name="ApprovedUntil">The workflow's own approval expiry, if it gave one.</param>
/// <param name="Authentication">How the approver was authenticated when deciding; null for standing decisions, workflows and decisions stored before it was recorded.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.RecordedDecision")]
public sealed record RecordedDecision(
    [property: Id(0)] string ApproverId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? StandingDecisionId = null,
    [property: Id(5)] int Stage = 0,
    [property: Id(6)] string? WorkflowRef = null,
    [property: Id(7)] DateTimeOffset? ApprovedUntil = null,
    [property: Id(8)] DecisionAuthentication? Authentication = null);
