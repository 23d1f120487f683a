namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>A client's poll, after the gateway authenticated the client.</summary>
/// <param name="ClientId">The authenticated client.</param>
/// <param name="DpopJkt">Thumbprint of the key of the poll's valid DPoP proof, or null when it had none.</param>
/// <param name="CertificateThumbprint">RFC 8705 <c>x5t#S256</c> of the client certificate of the poll's TLS connection, or null.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.PollRequest")]
public sealed record PollRequest([property: Id(0)] string ClientId, [property: Id(1)] string? DpopJkt = null, [property: Id(2)] string? CertificateThumbprint = null);
