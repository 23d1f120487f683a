using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>What goes into one access token; <paramref name="Redemption"/> is the redeemed deferral's record to append with the token's.</summary>
public sealed record AccessTokenRequest(
    string ClientId,
    string Subject,
    ImmutableArray<string> Scopes,
    ImmutableArray<string> Resources,
    string? AuthorizationDetails = null,
    string? Actor = null,
    ApprovalEvidence? Approval = null,
    string? DpopJkt = null,
    string? CertificateThumbprint = null,
    PendingRedemption? Redemption = null);
