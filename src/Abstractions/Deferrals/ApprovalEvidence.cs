using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>Proof of a human (or workflow) approval, carried into the issued token.</summary>
/// <param name="Id">The approval id (the deferral id).</param>
/// <param name="Rule">The policy rule that required approval.</param>
/// <param name="ApprovedAt">When the last needed approval arrived.</param>
/// <param name="ApprovedUntil">When the approval stops being valid.</param>
/// <param name="Method">How approval was obtained: <c>resource_owner</c>, <c>named_approver</c>, <c>group</c>, <c>quorum</c>, <c>multi_party</c>, <c>workflow</c>, ….</param>
/// <param name="Required">Approvals required in total.</param>
/// <param name="Of">Eligible approvers in total.</param>
/// <param name="Approved">Approvals given in total.</param>
/// <param name="Approvers">Ids of the approvers who approved (the gateway pairwise-hashes them before they leave the server).</param>
/// <param name="Delegations">Approvers who approved as delegates, with the person they stood in for.</param>
/// <param name="StandingDecisions">Ids of standing decisions that approved in place of their approvers.</param>
/// <param name="WorkflowRefs">Opaque references of the external workflows that approved (ticket ids, ARAP approval ids).</param>
/// <param name="Methods">
/// For each of <paramref name="Approvers"/>, in the same order: the RFC 8176 <c>amr</c> values of the authentication
/// behind their approval (empty when nobody signed in for it: a standing decision or an external workflow).
/// </param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApprovalEvidence")]
public sealed record ApprovalEvidence(
    [property: Id(0)] string Id,
    [property: Id(1)] string Rule,
    [property: Id(2)] DateTimeOffset ApprovedAt,
    [property: Id(3)] DateTimeOffset ApprovedUntil,
    [property: Id(4)] string Method,
    [property: Id(5)] int Required,
    [property: Id(6)] int Of,
    [property: Id(7)] int Approved,
    [property: Id(8)] ImmutableArray<string> Approvers,
    [property: Id(9)] ImmutableArray<DelegatedApproval>? Delegations = null,
    [property: Id(10)] ImmutableArray<string>? StandingDecisions = null,
    [property: Id(11)] ImmutableArray<string>? WorkflowRefs = null,
    [property: Id(12)] ImmutableArray<ImmutableArray<string>>? Methods = null);
