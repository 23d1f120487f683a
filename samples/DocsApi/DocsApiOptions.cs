namespace DeferredOrleans.Samples.DocsApi;

/// <summary>Who this resource server is and which authorization server it trusts.</summary>
public sealed class DocsApiOptions
{
    /// <summary>This server's RFC 9728 resource identifier: its public base URL.</summary>
    public Uri Resource { get; set; } = new("http://localhost:5100");

    /// <summary>The authorization server (issuer) whose tokens are accepted; its discovery document gives the JWKS.</summary>
    public Uri Authority { get; set; } = new("http://localhost:5080");

    /// <summary>
    /// RFC 8705: ask TLS clients for a certificate on HTTPS endpoints, so that a token bound to one (<c>cnf.x5t#S256</c>)
    /// can be used over a connection with it. Without it, such tokens are refused like any other sender-constrained one.
    /// </summary>
    public bool MutualTls { get; set; }

    /// <summary>RFC 9728 §3.1: a document's metadata lives under the well-known path followed by the document's path.</summary>
    public Uri MetadataFor(string? path = null) =>
        new($"{Resource.GetLeftPart(UriPartial.Authority)}{ProtectedResourceEndpoints.WellKnownPath}{Resource.AbsolutePath.TrimEnd('/')}{path}");

    /// <summary>The resource identifier of one document: its URL.</summary>
    public Uri DocumentResource(string id) => new($"{Resource.OriginalString.TrimEnd('/')}/docs/{id}");
}
