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
    PendingRedemption? Redemption = null)
{
    /// <summary>
    /// The token a grant mints for <paramref name="request"/>: bound to the request's DPoP key and certificate, carrying
    /// the redemption being completed (if any), with <paramref name="actor"/> or else the request's own actor.
    /// </summary>
    public static AccessTokenRequest For(TokenContext context, DeferredTokenRequest request, ApprovalEvidence? approval, string? actor = null) => new(
        request.ClientId, request.Subject, request.Scopes, request.Resources, request.AuthorizationDetails, actor ?? request.Actor, approval,
        context.DpopJkt, context.CertificateThumbprint, context.Redemption);
}
