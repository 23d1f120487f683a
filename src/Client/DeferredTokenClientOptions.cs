namespace DeferredOrleans.Client;

/// <summary>Who the client is and which authorization server it talks to.</summary>
public sealed class DeferredTokenClientOptions
{
    /// <summary>The authorization server's issuer; its RFC 8414 metadata gives the endpoints.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The token endpoint, when there is no metadata to discover (then <see cref="Issuer"/> may stay null).</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The RFC 7009 endpoint that cancels a deferral; from the metadata when null.</summary>
    public Uri? RevocationEndpoint { get; set; }

    /// <summary>The registered client id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary><c>client_secret_basic</c> when set; a public client (<c>client_id</c> in the body) otherwise.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Sign a DPoP proof (RFC 9449) with this key on every token and revocation request.</summary>
    public DpopKey? DpopKey { get; set; }

    /// <summary>Refuse an authorization server that is not https (false only in development).</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Called once for each new <c>interaction_uri</c>: show it to the subject; polling goes on meanwhile.</summary>
    public Func<Uri, CancellationToken, Task>? OnInteractionRequired { get; set; }
}
