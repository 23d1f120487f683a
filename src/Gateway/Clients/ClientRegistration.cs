using System.Text.Json.Serialization;
using DeferredOrleans.Gateway.Jose;
namespace DeferredOrleans.Gateway.Clients;

/// <summary>A registered client (list <c>DeferredOrleans:Clients</c>).</summary>
public sealed class ClientRegistration
{
    public string ClientId { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>Hash of the client secret (<c>hash-secret</c>); the secret itself is never configured.</summary>
    public string? SecretHash { get; set; }

    /// <summary>A public client has no secret and sends only <c>client_id</c>; it must use DPoP to be deferred.</summary>
    public bool Public { get; set; }

    /// <summary>
    /// RFC 7591 §2 <c>token_endpoint_auth_method</c>: unset for a secret (<c>client_secret_basic</c> or
    /// <c>client_secret_post</c>) or a public client, <c>private_key_jwt</c> for a client that signs an assertion with
    /// one of its keys (<see cref="Jwks"/> or <see cref="JwksUri"/>) and has no secret.
    /// </summary>
    public string? TokenEndpointAuthMethod { get; set; }

    /// <summary>The public keys of a <c>private_key_jwt</c> client, as JWK members (EC P-256 or RSA).</summary>
    public List<Jose.TrustedKeyOptions> Jwks { get; set; } = [];

    /// <summary>Where a <c>private_key_jwt</c> client publishes its key set (HTTPS, fetched as callbacks are).</summary>
    public string? JwksUri { get; set; }

    /// <summary>Whether the client authenticates with a signed assertion instead of a secret.</summary>
    [JsonIgnore]
    public bool UsesPrivateKeyJwt => TokenEndpointAuthMethod == ClientAuthenticator.PrivateKeyJwt;

    // RFC 8705 mutual TLS (section DeferredOrleans:MutualTls enables it).

    /// <summary>RFC 8705 §2.1.2 <c>tls_client_auth_subject_dn</c>: the certificate's subject, as RFC 4514 writes it.</summary>
    public string? TlsClientAuthSubjectDn { get; set; }

    /// <summary>RFC 8705 §2.1.2 <c>tls_client_auth_san_dns</c>: a dNSName the certificate carries.</summary>
    public string? TlsClientAuthSanDns { get; set; }

    /// <summary>RFC 8705 §2.1.2 <c>tls_client_auth_san_uri</c>: a uniformResourceIdentifier the certificate carries.</summary>
    public string? TlsClientAuthSanUri { get; set; }

    /// <summary>RFC 8705 §2.1.2 <c>tls_client_auth_san_ip</c>: an iPAddress the certificate carries (IPv4 or IPv6 text).</summary>
    public string? TlsClientAuthSanIp { get; set; }

    /// <summary>RFC 8705 §2.1.2 <c>tls_client_auth_san_email</c>: an rfc822Name the certificate carries.</summary>
    public string? TlsClientAuthSanEmail { get; set; }

    /// <summary>
    /// A <c>self_signed_tls_client_auth</c> client's certificates by their <c>x5t#S256</c> (RFC 8705 §2.2), besides
    /// those in <see cref="Jwks"/> members' <c>x5c</c>.
    /// </summary>
    public List<string> TlsClientCertificateThumbprints { get; set; } = [];

    /// <summary>Whether the client authenticates with a certificate (RFC 8705 §2).</summary>
    public bool UsesMutualTls => TokenEndpointAuthMethod is ClientAuthenticator.TlsClientAuth or ClientAuthenticator.SelfSignedTlsClientAuth;

    /// <summary>DTR client metadata <c>deferred_client_notification_endpoint</c>: called back when a deferral resolves.</summary>
    public string? DeferredNotificationEndpoint { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Grant types the client may use to start a request; polling follows from being deferrable. None unless listed
    /// (least privilege), and never <c>client_credentials</c> for a public client (RFC 6749 §4.4).
    /// </summary>
    /// <remarks>
    /// Empty by default on purpose: configuration binding appends configured items to a collection's initial items,
    /// so a non-empty default here would be granted to every client whatever it lists.
    /// </remarks>
    public List<string> GrantTypes { get; set; } = [];

    /// <summary>Scopes the client may ask for; <c>*</c> wildcards allowed.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Scopes granted when a request names none (RFC 6749 §3.3).</summary>
    public List<string> DefaultScopes { get; set; } = [];

    /// <summary>
    /// Clients that understand <c>authorization_pending</c> but never send <c>completion_mode=deferred</c>.
    /// Off by default: DTR forbids deferring a client that did not opt in.
    /// </summary>
    public bool DeferWithoutOptIn { get; set; }

    /// <summary>CIBA <c>backchannel_token_delivery_mode</c>: <c>poll</c> or <c>ping</c>.</summary>
    public string BackchannelTokenDeliveryMode { get; set; } = "poll";

    /// <summary>CIBA <c>backchannel_client_notification_endpoint</c>, required for ping.</summary>
    public string? BackchannelClientNotificationEndpoint { get; set; }

    /// <summary>CIBA <c>backchannel_user_code_parameter</c>: its requests must carry the hinted user's <c>user_code</c>.</summary>
    public bool BackchannelUserCodeParameter { get; set; }

    /// <summary>Redirect URIs for the authorization code grant, matched exactly.</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>A resource server that may call the introspection endpoint (RFC 7662).</summary>
    public bool MayIntrospect { get; set; }

    /// <summary>The directory user an agent acts for; the token's subject, and never an approver of its own requests.</summary>
    public string? ActsFor { get; set; }

    /// <summary>
    /// Tell the subject (the directory user the request is for: authorization code, CIBA, an agent acting for a
    /// user) when a deferred request of this client is approved or denied, on the user's notification channels.
    /// </summary>
    public bool NotifySubjectOfDecision { get; set; }

    /// <summary>
    /// How long this client's refresh grants last (RT-EXP <c>authorization_expires_in</c>, also sent as
    /// <c>refresh_token_expires_in</c>), and how far a re-authorization extends them; the server's
    /// <c>RefreshTokenLifetime</c> when null.
    /// </summary>
    public TimeSpan? RefreshAuthorizationLifetime { get; set; }

    /// <summary>How long before this client's refresh grants end their owner is asked to re-authorize them.</summary>
    public TimeSpan? ReauthorizationLeadTime { get; set; }
}
