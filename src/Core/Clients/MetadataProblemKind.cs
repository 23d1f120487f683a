namespace DeferredOrleans.Core.Clients;

/// <summary>Why registration metadata is refused, in the two kinds RFC 7591 §3.2.2 distinguishes.</summary>
public enum MetadataProblemKind
{
    /// <summary>A redirect URI is invalid (<c>invalid_redirect_uri</c>).</summary>
    RedirectUri,

    /// <summary>Any other member is invalid or inconsistent (<c>invalid_client_metadata</c>).</summary>
    ClientMetadata,
}
