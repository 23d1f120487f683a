using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Dpop;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Token;

/// <summary>
/// <c>POST /token</c>. It only orchestrates: read the form, authenticate the client, find the grant, let the
/// grant decide, write the result.
/// </summary>
public static class TokenEndpoint
{
    public const string Path = OAuthPaths.Token;

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator authenticator, DpopProofValidator dpop, ClientCertificates certificates, GrantHandlers grants)
    {
        var (request, client, error) = await authenticator.ReadAndAuthenticateAsync(http.Request);
        if (error is not null)
        {
            return OAuthJsonResult.For(error);
        }

        if (request![OAuthParameters.GrantType] is not { } grantType)
        {
            return OAuthJsonResult.For(OAuthError.InvalidRequest("grant_type is missing"));
        }

        if (grants.Find(grantType) is not { } handler)
        {
            return OAuthJsonResult.For(new OAuthError(OAuthErrors.UnsupportedGrantType, "the grant type is not supported"));
        }

        // Polling (DTR, and CIBA's poll, which answers for any deferral) is open to every client: a client can only
        // ever reach its own deferrals.
        if (grantType is not (GrantTypes.Deferred or GrantTypes.Ciba) && !client!.GrantTypes.Contains(grantType, StringComparer.Ordinal))
        {
            return OAuthJsonResult.For(new OAuthError(OAuthErrors.UnauthorizedClient, "the client may not use this grant type"));
        }

        var (jkt, dpopError) = await dpop.ValidateAsync(http.Request, Path);
        if (dpopError is not null)
        {
            return OAuthJsonResult.For(dpopError);
        }

        var x5t = await certificates.BindingAsync(http, client!);
        return TokenResponses.ToResult(await handler.HandleAsync(new TokenContext(http, request, client!, jkt, x5t)));
    }
}
