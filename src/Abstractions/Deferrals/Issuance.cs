using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>Everything needed to mint the token of an approved deferral.</summary>
/// <param name="Request">The originating request.</param>
/// <param name="GrantedScopes">Scopes granted (equal to or narrower than requested).</param>
/// <param name="GrantedAuthorizationDetails">authorization_details granted as JSON text, or null.</param>
/// <param name="Approval">Evidence of the approval for the token's <c>approval</c> claim.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.Issuance")]
public sealed record Issuance(
    [property: Id(0)] DeferredTokenRequest Request,
    [property: Id(1)] ImmutableArray<string> GrantedScopes,
    [property: Id(2)] string? GrantedAuthorizationDetails,
    [property: Id(3)] ApprovalEvidence Approval);
