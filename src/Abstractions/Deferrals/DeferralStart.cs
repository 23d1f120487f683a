using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Connectors;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>Everything a new deferral starts with.</summary>
/// <param name="Request">The validated originating request.</param>
/// <param name="Plan">What the policy requires before issuance.</param>
/// <param name="InteractionDigest">SHA-256 digest of the single-use interaction token, when the plan requires interaction.</param>
/// <param name="Notification">Where to notify the client on resolution, if it registered an endpoint.</param>
/// <param name="InitialDecisions">Approvals given in advance by approvers' standing decisions.</param>
/// <param name="Connectors">The external systems that decide for some of the approvers (webhook, ARAP).</param>
/// <param name="NotifySubject">Tell the subject (a directory user) when the decision lands, on their notification channels.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DeferralStart")]
public sealed record DeferralStart(
    [property: Id(0)] DeferredTokenRequest Request,
    [property: Id(1)] ApprovalPlan Plan,
    [property: Id(2)] string? InteractionDigest = null,
    [property: Id(3)] ClientNotification? Notification = null,
    [property: Id(4)] ImmutableArray<RecordedDecision>? InitialDecisions = null,
    [property: Id(5)] ImmutableArray<ConnectorBinding>? Connectors = null,
    [property: Id(6)] bool NotifySubject = false);
