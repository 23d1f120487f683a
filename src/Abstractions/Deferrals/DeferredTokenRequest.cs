using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>The originating token request as it was validated, kept so the token can be minted after approval.</summary>
/// <param name="ClientId">The client the deferral is bound to.</param>
/// <param name="GrantType">The originating grant type (its handler completes the request after approval).</param>
/// <param name="Subject">The principal the token will be issued for.</param>
/// <param name="Scopes">Requested scopes.</param>
/// <param name="Resources">Requested resource indicators (RFC 8707).</param>
/// <param name="AuthorizationDetails">Requested authorization_details (RFC 9396) as JSON text, or null.</param>
/// <param name="Actor">The RFC 8693 <c>act</c> claim as JSON text, or null.</param>
/// <param name="GrantData">Opaque continuation data of the originating grant, or null.</param>
/// <param name="DpopJkt">The RFC 7638 thumbprint of the DPoP key the deferral is bound to, or null.</param>
/// <param name="BindingMessage">CIBA <c>binding_message</c>, shown to the approver, or null.</param>
/// <param name="RiskSignals">The request's <c>risk_signals</c> (a JSON object), shown to the approver, or null.</param>
/// <param name="CertificateThumbprint">RFC 8705 §3.1 <c>x5t#S256</c> of the client certificate the deferral is bound to, or null.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DeferredTokenRequest")]
public sealed record DeferredTokenRequest(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string GrantType,
    [property: Id(2)] string Subject,
    [property: Id(3)] ImmutableArray<string> Scopes,
    [property: Id(4)] ImmutableArray<string> Resources,
    [property: Id(5)] string? AuthorizationDetails = null,
    [property: Id(6)] string? Actor = null,
    [property: Id(7)] string? GrantData = null,
    [property: Id(8)] string? DpopJkt = null,
    [property: Id(9)] string? BindingMessage = null,
    [property: Id(10)] string? RiskSignals = null,
    [property: Id(11)] string? CertificateThumbprint = null);
