using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>What goes into one access token.</summary>
public sealed record AccessTokenRequest(
    string ClientId,
    string Subject,
    ImmutableArray<string> Scopes,
    ImmutableArray<string> Resources,
    string? AuthorizationDetails = null,
    string? Actor = null,
    ApprovalEvidence? Approval = null,
    string? DpopJkt = null,
    string? CertificateThumbprint = null);
