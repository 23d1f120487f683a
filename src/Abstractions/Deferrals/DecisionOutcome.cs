using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>The answer to a decision.</summary>
/// <param name="Result">Whether the decision was recorded.</param>
/// <param name="Status">The request's status afterwards.</param>
/// <param name="Progress">Quorum progress per requirement afterwards.</param>
/// <param name="StepUp">For <see cref="DecisionResult.StepUpRequired"/>: the authentication the approval needs.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DecisionOutcome")]
public sealed record DecisionOutcome(
    [property: Id(0)] DecisionResult Result,
    [property: Id(1)] DeferralStatus Status,
    [property: Id(2)] ImmutableArray<RequirementProgress> Progress,
    [property: Id(3)] AuthenticationRequirement? StepUp = null);
