using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Introspection;

/// <summary>
/// <c>POST /introspect</c> (RFC 7662) for resource servers: clients registered with <c>MayIntrospect</c>. An active
/// access token is described with its claims, approval evidence included; anything else, and any caller not allowed
/// to introspect, gets <c>{"active":false}</c> and nothing more.
/// </summary>
public static class IntrospectionEndpoint
{
    public const string Path = "/introspect";

    private static readonly string[] Claims =
        ["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "cnf", "act", "authorization_details", "approval"];

    public static IEndpointRouteBuilder MapIntrospectionEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator authenticator, AccessTokenReader accessTokens)
    {
        var (request, client, error) = await authenticator.ReadAndAuthenticateAsync(http.Request);
        if (error is not null)
        {
            return OAuthJsonResult.For(error);
        }

        if (request![OAuthParameters.Token] is not { } token)
        {
            return OAuthJsonResult.For(OAuthError.InvalidRequest("token is missing"));
        }

        var claims = client!.MayIntrospect ? await accessTokens.ReadAsync(token) : null;
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteBoolean("active", claims is not null);
            if (claims is not { } live)
            {
                return;
            }

            w.WriteString("token_type", live.TryGetProperty("cnf", out _) ? TokenTypes.DPoP : TokenTypes.Bearer);
            foreach (var name in Claims)
            {
                if (live.TryGetProperty(name, out var value))
                {
                    w.WritePropertyName(name);
                    value.WriteTo(w);
                }
            }
        });
    }
}
