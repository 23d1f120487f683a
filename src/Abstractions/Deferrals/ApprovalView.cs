using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>What an approver sees of a deferred request. It never contains the deferral code.</summary>
/// <param name="Id">The approval id (the deferral id).</param>
/// <param name="ClientId">The requesting client.</param>
/// <param name="GrantType">The originating grant type.</param>
/// <param name="Subject">The principal the token would be issued for.</param>
/// <param name="Scopes">Requested scopes.</param>
/// <param name="Resources">Requested resources.</param>
/// <param name="AuthorizationDetails">Requested authorization_details as JSON text, or null.</param>
/// <param name="Rule">The policy rule that asked for approval.</param>
/// <param name="CreatedAt">When the request was deferred.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Requirements">Quorum progress per requirement.</param>
/// <param name="MyDecision">This approver's decision so far: true approved, false denied, null none.</param>
/// <param name="GrantedScopes">Scopes that would be granted now (narrowed by earlier approvals).</param>
/// <param name="GrantedAuthorizationDetails">authorization_details that would be granted now, or null.</param>
/// <param name="AwaitingInteraction">Whether the subject still has to confirm in the interaction page.</param>
/// <param name="BindingMessage">The CIBA binding message to compare with the client's device, or null.</param>
/// <param name="Actor">The RFC 8693 <c>act</c> claim (JSON) the token would carry: who acts for the subject, or null.</param>
/// <param name="RoutedBecause">Why the request is routed to this approver; empty for the subject's own view.</param>
/// <param name="RiskSignals">The request's <c>risk_signals</c> (a JSON object), or null.</param>
/// <param name="ApproverAuthentication">How this approver must have authenticated for an approval of theirs to count now, or null for any way.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApprovalView")]
public sealed record ApprovalView(
    [property: Id(0)] string Id,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string GrantType,
    [property: Id(3)] string Subject,
    [property: Id(4)] ImmutableArray<string> Scopes,
    [property: Id(5)] ImmutableArray<string> Resources,
    [property: Id(6)] string? AuthorizationDetails,
    [property: Id(7)] string Rule,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt,
    [property: Id(10)] DeferralStatus Status,
    [property: Id(11)] ImmutableArray<RequirementProgress> Requirements,
    [property: Id(12)] bool? MyDecision,
    [property: Id(13)] ImmutableArray<string> GrantedScopes,
    [property: Id(14)] string? GrantedAuthorizationDetails,
    [property: Id(15)] bool AwaitingInteraction,
    [property: Id(16)] string? BindingMessage = null,
    [property: Id(17)] string? Actor = null,
    [property: Id(18)] ImmutableArray<RoutingReason>? RoutedBecause = null,
    [property: Id(19)] string? RiskSignals = null,
    [property: Id(20)] AuthenticationRequirement? ApproverAuthentication = null);
