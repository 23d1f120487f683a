using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>A standing decision as its approver sees it: what it covers and until when.</summary>
public sealed record StandingDecisionItem(string Id, string ClientId, string Rule, string Scope, ImmutableArray<string> Resource, DateTime CreatedAt, DateTime ExpiresAt)
{
    public static StandingDecisionItem From(StandingDecision decision) =>
        new(decision.Id, decision.ClientId, decision.Rule, string.Join(' ', decision.Scopes), decision.Resources, decision.CreatedAt.UtcDateTime, decision.ExpiresAt.UtcDateTime);
}
