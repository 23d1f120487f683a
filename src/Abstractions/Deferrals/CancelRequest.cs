namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>A client's revocation of its deferral code (RFC 7009, DTR "Cancellation").</summary>
/// <param name="ClientId">The authenticated client.</param>
/// <param name="DpopJkt">Thumbprint of the key of the request's valid DPoP proof, or null.</param>
/// <param name="CertificateThumbprint">RFC 8705 <c>x5t#S256</c> of the request's client certificate, or null.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.CancelRequest")]
public sealed record CancelRequest([property: Id(0)] string ClientId, [property: Id(1)] string? DpopJkt = null, [property: Id(2)] string? CertificateThumbprint = null);
