using System.Collections.Immutable;
using System.Text.Json;

namespace DeferredOrleans.Gateway.Trust;

/// <summary>A verified inbound token.</summary>
/// <param name="Subject">Its <c>sub</c>.</param>
/// <param name="Issuer">Its <c>iss</c>.</param>
/// <param name="ExpiresAt">Its <c>exp</c>.</param>
/// <param name="Scopes">Its <c>scope</c>, if any.</param>
/// <param name="Actor">Its <c>act</c> claim as JSON, if any.</param>
/// <param name="Claims">All its claims.</param>
public sealed record InboundToken(string Subject, string Issuer, DateTimeOffset ExpiresAt, ImmutableArray<string> Scopes, string? Actor, JsonElement Claims)
{
    /// <summary>Whether this server issued it (one of its access tokens), rather than a trusted issuer.</summary>
    public bool IsOwn { get; init; }

    /// <summary>Its <c>aud</c>, one string or an array.</summary>
    public ImmutableArray<string> Audiences { get; init; } = [];

    /// <summary>Its <c>client_id</c>: for this server's tokens, the client it was issued to.</summary>
    public string? ClientId { get; init; }

    /// <summary>Its <c>jti</c>, if any.</summary>
    public string? Id { get; init; }

    /// <summary>RFC 9449 §6.1: the thumbprint in <c>cnf.jkt</c> of the DPoP key it is bound to, if any.</summary>
    public string? Jkt { get; init; }

    /// <summary>RFC 8705 §3.1: the <c>cnf.x5t#S256</c> of the client certificate it is bound to, if any.</summary>
    public string? CertificateThumbprint { get; init; }

    /// <summary>Whether it is the same token as <paramref name="other"/>: the same issuer and <c>jti</c>.</summary>
    public bool IsSameAs(InboundToken other) => Id is not null && Issuer == other.Issuer && Id == other.Id;
}
