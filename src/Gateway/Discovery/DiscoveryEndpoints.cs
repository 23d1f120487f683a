using System.Text.Json;
using DeferredOrleans.Core.Authorization;
using DeferredOrleans.Gateway.Authorization;
using DeferredOrleans.Gateway.Ciba;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Dpop;
using DeferredOrleans.Gateway.Introspection;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.OpenIdDeferred;
using DeferredOrleans.Gateway.Registration;
using DeferredOrleans.Gateway.Revocation;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Discovery;

/// <summary>RFC 8414 metadata and the JWK set that verifies issued tokens.</summary>
public static class DiscoveryEndpoints
{
    public const string MetadataPath = "/.well-known/oauth-authorization-server";
    public const string OpenIdConfigurationPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/jwks";

    private static readonly string[] AuthMethods = [ClientAuthenticator.SecretBasic, ClientAuthenticator.SecretPost, ClientAuthenticator.PrivateKeyJwt, ClientAuthenticator.None];
    private static readonly string[] MutualTlsMethods = [ClientAuthenticator.TlsClientAuth, ClientAuthenticator.SelfSignedTlsClientAuth];

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(MetadataPath, Metadata);
        app.MapGet(OpenIdConfigurationPath, Metadata);
        app.MapGet(JwksPath, JwksAsync);
        return app;
    }

    /// <summary>RFC 8414 metadata; the OpenID Connect discovery document is the same, at its own well-known path.</summary>
    private static IResult Metadata(IOptions<ServerOptions> options, IOptions<MutualTlsOptions> mutualTls, IOptions<RegistrationOptions> registration, GrantHandlers grants)
    {
        var server = options.Value;
        var mtls = mutualTls.Value.Enabled;
        string[] authMethods = mtls ? [.. AuthMethods, .. MutualTlsMethods] : AuthMethods;
        string[] introspectionMethods = [ClientAuthenticator.SecretBasic, ClientAuthenticator.SecretPost, ClientAuthenticator.PrivateKeyJwt, .. mtls ? MutualTlsMethods : []];
        var metadata = new Dictionary<string, object>
        {
            ["issuer"] = server.Issuer,
            ["authorization_endpoint"] = server.Endpoint(AuthorizeEndpoints.Path),
            ["token_endpoint"] = server.Endpoint(TokenEndpoint.Path),
            ["jwks_uri"] = server.Endpoint(JwksPath),
            ["revocation_endpoint"] = server.Endpoint(RevocationEndpoint.Path),
            ["introspection_endpoint"] = server.Endpoint(IntrospectionEndpoint.Path),
            ["backchannel_authentication_endpoint"] = server.Endpoint(BackchannelAuthenticationEndpoint.Path),
            // DTR-OIDF draft 00 §3.1: deferred_code, and the combination §5.1 defines.
            ["response_types_supported"] = new[] { ResponseTypes.Code, ResponseTypes.DeferredCode, "deferred_code code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = grants.GrantTypes.Order(StringComparer.Ordinal).ToArray(),
            ["code_challenge_methods_supported"] = Pkce.Methods,
            ["token_endpoint_auth_methods_supported"] = authMethods,
            ["token_endpoint_auth_signing_alg_values_supported"] = ClientAssertions.Algorithms,
            ["revocation_endpoint_auth_methods_supported"] = authMethods,
            ["revocation_endpoint_auth_signing_alg_values_supported"] = ClientAssertions.Algorithms,
            ["introspection_endpoint_auth_methods_supported"] = introspectionMethods,
            ["introspection_endpoint_auth_signing_alg_values_supported"] = ClientAssertions.Algorithms,
            ["dpop_signing_alg_values_supported"] = DpopProofValidator.Algorithms,
            ["backchannel_token_delivery_modes_supported"] = new[] { "poll", "ping" },
            ["backchannel_user_code_parameter_supported"] = true,
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            ["authorization_response_iss_parameter_supported"] = true,
            ["refresh_token_expiration_types_supported"] = new[] { "authorization", "token_timeout" },
            // DTR: MUST be true when the server publishes metadata and supports deferral.
            ["deferred_token_response_supported"] = true,
            // DTR-OIDF draft 00 defines no metadata name for its cancellation endpoint; this is the project's.
            ["deferred_authentication_cancellation_endpoint"] = server.Endpoint(CancellationEndpoint.Path),
            ["revocation_endpoint_token_type_values_supported"] = new[] { TokenTypes.DeferralCode, "access_token", "refresh_token" },
        };
        if (mtls)
        {
            // RFC 8705 §3.3: access tokens of clients that present a certificate are bound to it.
            metadata["tls_client_certificate_bound_access_tokens"] = true;
            if (mutualTls.Value.EndpointAliasBaseUrl is { Length: > 0 } aliasBase)
            {
                // RFC 8705 §5: where clients that present certificates call, when another host asks for them.
                var alias = aliasBase.TrimEnd('/');
                metadata["mtls_endpoint_aliases"] = new Dictionary<string, string>
                {
                    ["token_endpoint"] = alias + TokenEndpoint.Path,
                    ["revocation_endpoint"] = alias + RevocationEndpoint.Path,
                    ["introspection_endpoint"] = alias + IntrospectionEndpoint.Path,
                    ["backchannel_authentication_endpoint"] = alias + BackchannelAuthenticationEndpoint.Path,
                    ["deferred_authentication_cancellation_endpoint"] = alias + CancellationEndpoint.Path,
                };
            }
        }

        // RFC 8414 §2: registration_endpoint only where dynamic registration (RFC 7591) is enabled.
        if (registration.Value.Enabled)
        {
            metadata["registration_endpoint"] = server.Endpoint(RegistrationEndpoints.Path);
        }

        return Results.Json(metadata);
    }

    /// <summary>
    /// Every published signing key: the next one (before it signs), the current one, and the retired ones until their
    /// last token expires. Verifiers pick the key by the token's <c>kid</c> (RFC 7517 §4.5).
    /// </summary>
    private static async Task<IResult> JwksAsync(ServerKeys keys, IOptions<SigningKeyOptions> options, HttpContext http)
    {
        var loaded = await keys.GetAsync();
        http.Response.Headers.CacheControl = $"public, max-age={(int)options.Value.JwksCacheTime.TotalSeconds}";
        return Results.Json(new
        {
            keys = loaded.Published.Select(k => new { kty = "EC", crv = "P-256", x = k.X, y = k.Y, kid = k.Info.KeyId, use = "sig", alg = "ES256" }),
        }, JsonSerializerOptions.Web);
    }
}
