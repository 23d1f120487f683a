using System.Collections.Immutable;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>The approver's standing decisions in force.</summary>
public sealed record StandingDecisionList(ImmutableArray<StandingDecisionItem> StandingDecisions);
