namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>Why a request is routed to the approver who looks at it: one per requirement that names them.</summary>
/// <param name="Step">The requirement's step id, e.g. <c>owner</c>.</param>
/// <param name="Route">How the requirement's approvers were chosen.</param>
/// <param name="Stage">The requirement's stage.</param>
/// <param name="OnBehalfOf">For a delegate route: the person the approver stands in for.</param>
/// <param name="Escalated">True when the approver is asked only because the step escalated to them.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.RoutingReason")]
public sealed record RoutingReason(
    [property: Id(0)] string Step,
    [property: Id(1)] ApprovalRoute Route,
    [property: Id(2)] int Stage,
    [property: Id(3)] string? OnBehalfOf = null,
    [property: Id(4)] bool Escalated = false);
