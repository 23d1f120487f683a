namespace DeferredOrleans.Client;

/// <summary>How a <see cref="DeferredTokenHandler"/> gets tokens, and whom it trusts.</summary>
public sealed class DeferredTokenHandlerOptions
{
    /// <summary>The registered client id at the authorization servers.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret (<c>client_secret_basic</c>); null for a public client.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The only authorization servers (issuers) whose tokens the handler requests; a resource naming none of them gets nothing.</summary>
    public IList<Uri> TrustedAuthorizationServers { get; } = [];

    /// <summary>Resource servers (origins) whose metadata may name a <c>token_audience</c> other than their own URL.</summary>
    public IList<Uri> TrustedResourceServers { get; } = [];

    /// <summary>Allow http for metadata and authorization servers; null: only when the host environment is Development.</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>A user's token to exchange (RFC 8693) instead of client_credentials; null uses client_credentials.</summary>
    public Func<CancellationToken, ValueTask<string>>? SubjectToken { get; set; }

    /// <summary>Sign DPoP proofs with this key, at the token endpoint and to the resource (with <c>ath</c>).</summary>
    public DpopKey? DpopKey { get; set; }

    /// <summary>Hears every pending answer while the handler waits for approval.</summary>
    public IProgress<DeferralProgress>? Progress { get; set; }

    /// <summary>Called with each new <c>interaction_uri</c>.</summary>
    public Func<Uri, CancellationToken, Task>? OnInteractionRequired { get; set; }

    /// <summary>A cached token is dropped this long before it expires.</summary>
    public TimeSpan ExpirySkew { get; set; } = TimeSpan.FromSeconds(30);
}
