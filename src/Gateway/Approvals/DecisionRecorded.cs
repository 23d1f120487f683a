using System.Collections.Immutable;
using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>A recorded decision: the request's status and progress afterwards, and the standing decision made with it.</summary>
public sealed record DecisionRecorded(
    string Id,
    string Result,
    DeferralStatus Status,
    ImmutableArray<QuorumStep> Quorum,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StandingDecisionItem? StandingDecision);
