using System.Collections.Immutable;

namespace DeferredOrleans.Core.Clients;

/// <summary>
/// Client metadata as a registration request states it (RFC 7591 §2, with the CIBA Core §4 and DTR §7.2 additions),
/// before defaults are applied. Null means the member was absent.
/// </summary>
public sealed record ClientMetadata
{
    public string? ClientName { get; init; }

    public ImmutableArray<string> RedirectUris { get; init; } = [];

    /// <summary>RFC 7591 §2: <c>client_secret_basic</c> when absent.</summary>
    public string? TokenEndpointAuthMethod { get; init; }

    /// <summary>RFC 7591 §2: <c>["authorization_code"]</c> when absent.</summary>
    public ImmutableArray<string>? GrantTypes { get; init; }

    /// <summary>RFC 7591 §2: <c>["code"]</c> when absent.</summary>
    public ImmutableArray<string>? ResponseTypes { get; init; }

    /// <summary>RFC 7591 §2: space-separated scope values the client may ask for.</summary>
    public string? Scope { get; init; }

    /// <summary>The <c>kty</c> of each key of a <c>jwks</c> value; null when <c>jwks</c> was absent.</summary>
    public ImmutableArray<string>? JwksKeyTypes { get; init; }

    public string? JwksUri { get; init; }

    /// <summary>DTR §7.2 <c>deferred_client_notification_endpoint</c>.</summary>
    public string? DeferredNotificationEndpoint { get; init; }

    /// <summary>CIBA Core §4 <c>backchannel_token_delivery_mode</c>: <c>poll</c> when absent.</summary>
    public string? BackchannelTokenDeliveryMode { get; init; }

    public string? BackchannelClientNotificationEndpoint { get; init; }

    public bool BackchannelUserCodeParameter { get; init; }

    /// <summary>The scope values, split.</summary>
    public ImmutableArray<string> Scopes => [.. (Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The grant types with the RFC 7591 §2 default.</summary>
    public ImmutableArray<string> EffectiveGrantTypes => GrantTypes ?? ["authorization_code"];

    /// <summary>The authentication method with the RFC 7591 §2 default.</summary>
    public string EffectiveAuthMethod => TokenEndpointAuthMethod ?? ClientAuthMethods.SecretBasic;
}
