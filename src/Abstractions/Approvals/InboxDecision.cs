using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>An approver's decision on one request in their inbox, as the approval API received it.</summary>
/// <param name="DeferralId">The request (deferral) decided on.</param>
/// <param name="Approve">True to approve, false to deny.</param>
/// <param name="Reason">Optional free text kept for audit; never shown to the client.</param>
/// <param name="Scopes">When approving, the scopes approved if narrower than requested; null for all.</param>
/// <param name="AuthorizationDetails">When approving, the authorization_details approved (JSON) if narrower; null for all.</param>
/// <param name="StandingHours">When approving, also approve requests like this one for the next N hours (a standing decision).</param>
/// <param name="Authentication">How the approver was authenticated for this decision (the session's or the request's credentials).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.InboxDecision")]
public sealed record InboxDecision(
    [property: Id(0)] string DeferralId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] string? Reason = null,
    [property: Id(3)] ImmutableArray<string>? Scopes = null,
    [property: Id(4)] string? AuthorizationDetails = null,
    [property: Id(5)] int? StandingHours = null,
    [property: Id(6)] DecisionAuthentication? Authentication = null);
