using DeferredOrleans.Abstractions.Approvals;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// Whether a standing decision covers a request: the same client, grant type, subject, actor and rule as the request
/// its approver saw, and the same or less of each of scopes, resources and authorization_details (as granted, after
/// any narrowing; RFC 9396 §7 for what "less" means of authorization_details). A decision that cannot prove it covers
/// the request does not: one stored before grant type and subject were recorded covers nothing.
/// </summary>
public static class StandingCoverage
{
    public static bool Covers(StandingDecision decision, StandingQuery request) =>
        !decision.IsLegacy &&
        Same(decision.ClientId, request.ClientId) &&
        Same(decision.GrantType, request.GrantType) &&
        Same(decision.Subject, request.Subject) &&
        Same(decision.Actor, request.Actor) &&
        Same(decision.Rule, request.Rule) &&
        request.Scopes.All(s => decision.Scopes.Contains(s, StringComparer.Ordinal)) &&
        request.Resources.All(r => decision.Resources.Contains(r, StringComparer.Ordinal)) &&
        Narrowing.CoversDetails(decision.AuthorizationDetails, request.AuthorizationDetails);

    private static bool Same(string? covered, string? requested) => string.Equals(covered, requested, StringComparison.Ordinal);
}
