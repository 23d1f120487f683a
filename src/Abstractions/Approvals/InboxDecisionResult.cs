using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>What became of one <see cref="InboxDecision"/>.</summary>
/// <param name="Outcome">The request's answer to the decision.</param>
/// <param name="Standing">The standing decision made with it, if one was asked for and the approval was recorded.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.InboxDecisionResult")]
public sealed record InboxDecisionResult(
    [property: Id(0)] DecisionOutcome Outcome,
    [property: Id(1)] StandingDecision? Standing = null);
