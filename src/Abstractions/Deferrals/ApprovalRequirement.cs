using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>One group of approvers of whom <paramref name="Quorum"/> distinct ones must approve.</summary>
/// <param name="Name">Opaque step id shown to clients (never a person's name), e.g. <c>owner</c> or <c>group</c>.</param>
/// <param name="Route">How the approvers were found.</param>
/// <param name="Approvers">Eligible approver ids.</param>
/// <param name="Quorum">Distinct approvals needed (K of N).</param>
/// <param name="Veto">Whether one denial denies the whole request.</param>
/// <param name="Stage">The stage it belongs to; a stage opens only when every earlier stage is approved.</param>
/// <param name="EscalateAfter">If nobody decided this long after its stage opened, the escalation approvers join.</param>
/// <param name="EscalationApprovers">Who is asked on escalation (the next level).</param>
/// <param name="OnBehalfOf">For a delegate route: the person the approvers stand in for.</param>
/// <param name="EarlierStageApproversCount">
/// Whether someone who decided in an earlier stage of the request may count here too; false (the default, and what
/// requirements stored before this member read as) keeps the people of each stage distinct.
/// </param>
/// <param name="Authentication">How its approvers must have authenticated for an approval to count (step-up); null for any way.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApprovalRequirement")]
public sealed record ApprovalRequirement(
    [property: Id(0)] string Name,
    [property: Id(1)] ApprovalRoute Route,
    [property: Id(2)] ImmutableArray<string> Approvers,
    [property: Id(3)] int Quorum,
    [property: Id(4)] bool Veto = true,
    [property: Id(5)] int Stage = 0,
    [property: Id(6)] TimeSpan? EscalateAfter = null,
    [property: Id(7)] ImmutableArray<string>? EscalationApprovers = null,
    [property: Id(8)] string? OnBehalfOf = null,
    [property: Id(9)] bool EarlierStageApproversCount = false,
    [property: Id(10)] AuthenticationRequirement? Authentication = null);
