using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>One approver's decision on one deferred request.</summary>
/// <param name="ApproverId">The authenticated approver.</param>
/// <param name="Approve">True to approve, false to deny.</param>
/// <param name="Reason">Optional free text kept for audit; never shown to the client.</param>
/// <param name="Scopes">When approving, the scopes approved if narrower than requested; null for all.</param>
/// <param name="AuthorizationDetails">When approving, the authorization_details approved (JSON) if narrower; null for all.</param>
/// <param name="WorkflowRef">For a decision made by an external workflow (a connector): its opaque reference, e.g. a ticket id.</param>
/// <param name="ApprovedUntil">For a workflow's approval with its own expiry (ARAP <c>approved_until</c>): tokens never outlive it.</param>
/// <param name="Authentication">How the approver was authenticated for this decision; null when nobody signed in (a workflow system, a machine token).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApproverDecision")]
public sealed record ApproverDecision(
    [property: Id(0)] string ApproverId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] string? Reason = null,
    [property: Id(3)] ImmutableArray<string>? Scopes = null,
    [property: Id(4)] string? AuthorizationDetails = null,
    [property: Id(5)] string? WorkflowRef = null,
    [property: Id(6)] DateTimeOffset? ApprovedUntil = null,
    [property: Id(7)] DecisionAuthentication? Authentication = null);
