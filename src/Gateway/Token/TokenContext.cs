using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Token;

/// <summary>A token request after its body was read, its client authenticated and its DPoP proof (if any) checked.</summary>
/// <param name="Http">The HTTP exchange.</param>
/// <param name="Request">The form parameters.</param>
/// <param name="Client">The authenticated client.</param>
/// <param name="DpopJkt">Thumbprint of the key of a valid DPoP proof, or null when the request carried none.</param>
/// <param name="CertificateThumbprint">RFC 8705 §3.1 <c>x5t#S256</c> of the client certificate tokens are bound to, or null.</param>
public sealed record TokenContext(HttpContext Http, OAuthRequest Request, ClientRegistration Client, string? DpopJkt = null, string? CertificateThumbprint = null)
{
    /// <summary>While a redeemed deferral is completed: its record, which the access token's minting appends with its own.</summary>
    public PendingRedemption? Redemption { get; init; }
}
