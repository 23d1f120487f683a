using System.Text.Json;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Dpop;
using DeferredOrleans.Gateway.Introspection;
using DeferredOrleans.Gateway.Revocation;
using DeferredOrleans.Gateway.Grants;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;
using DeferredOrleans.Gateway.Tokens;
using DeferredOrleans.Keys;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Discovery;

/// <summary>RFC 8414 metadata and the JWK set that verifies issued tokens.</summary>
public static class DiscoveryEndpoints
{
    public const string MetadataPath = "/.well-known/oauth-authorization-server";
    public const string JwksPath = "/jwks";

    private static readonly string[] AuthMethods = [ClientAuthenticator.SecretBasic, ClientAuthenticator.SecretPost, ClientAuthenticator.None];

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(MetadataPath, Metadata);
        app.MapGet(JwksPath, JwksAsync);
        return app;
    }

    private static IResult Metadata(IOptions<ServerOptions> options, GrantHandlers grants)
    {
        var server = options.Value;
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = server.Issuer,
            ["token_endpoint"] = server.Endpoint(TokenEndpoint.Path),
            ["jwks_uri"] = server.Endpoint(JwksPath),
            ["response_types_supported"] = Array.Empty<string>(),
            ["grant_types_supported"] = grants.GrantTypes.Order(StringComparer.Ordinal).ToArray(),
            ["token_endpoint_auth_methods_supported"] = AuthMethods,
            ["revocation_endpoint"] = server.Endpoint(RevocationEndpoint.Path),
            ["revocation_endpoint_auth_methods_supported"] = AuthMethods,
            ["introspection_endpoint"] = server.Endpoint(IntrospectionEndpoint.Path),
            ["introspection_endpoint_auth_methods_supported"] = new[] { ClientAuthenticator.SecretBasic, ClientAuthenticator.SecretPost },
            ["dpop_signing_alg_values_supported"] = DpopProofValidator.Algorithms,
            // DTR: MUST be true when the server publishes metadata and supports deferral.
            ["deferred_token_response_supported"] = true,
            ["revocation_endpoint_token_type_values_supported"] = new[] { TokenTypes.DeferralCode },
        });
    }

    private static async Task<IResult> JwksAsync(ServerKeys keys, HttpContext http)
    {
        var loaded = await keys.GetAsync();
        var (x, y) = EcJwk.PublicCoordinates(loaded.Key);
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new
        {
            keys = new[] { new { kty = "EC", crv = "P-256", x, y, kid = loaded.KeyId, use = "sig", alg = "ES256" } },
        }, JsonSerializerOptions.Web);
    }
}
