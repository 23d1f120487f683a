using System.Collections.Frozen;

namespace DeferredOrleans.Core.Clients;

/// <summary>
/// The token endpoint authentication methods a client can register (RFC 7591 §2), each with its rule. A new method
/// (such as the RFC 8705 ones) is one more entry in <see cref="All"/>.
/// </summary>
public static class ClientAuthMethods
{
    public const string SecretBasic = "client_secret_basic";
    public const string SecretPost = "client_secret_post";
    public const string PrivateKeyJwt = "private_key_jwt";
    public const string None = "none";

    /// <summary>RFC 8705 §2: mutual TLS methods, for clients registered by an operator (not yet by RFC 7591 registration).</summary>
    public const string TlsClientAuth = "tls_client_auth";
    public const string SelfSignedTlsClientAuth = "self_signed_tls_client_auth";

    public static readonly FrozenDictionary<string, ClientAuthMethod> All = new ClientAuthMethod[]
    {
        new(SecretBasic, ClientCredentialKind.Secret, NoKeys),
        new(SecretPost, ClientCredentialKind.Secret, NoKeys),
        new(PrivateKeyJwt, ClientCredentialKind.Keys, OneKeySource),
        new(None, ClientCredentialKind.None, NoKeys),
    }.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Keys belong to a method that uses them; a client that registers keys it cannot use has mismatched metadata.</summary>
    private static string? NoKeys(ClientMetadata metadata) =>
        metadata.JwksKeyTypes is not null || metadata.JwksUri is not null
            ? $"jwks and jwks_uri are for private_key_jwt, not {metadata.EffectiveAuthMethod}"
            : null;

    private static string? OneKeySource(ClientMetadata metadata) =>
        ClientRules.OneKeySource(metadata.JwksKeyTypes, metadata.JwksUri) is { } problem ? $"the client {problem}" : null;
}
