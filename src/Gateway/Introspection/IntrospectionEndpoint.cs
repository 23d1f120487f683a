using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Introspection;

/// <summary>
/// <c>POST /introspect</c> (RFC 7662) for resource servers: clients registered with <c>MayIntrospect</c>. An active
/// access token is described with its claims, approval evidence included. A refresh token is described to the client
/// it was issued to, with its grant's remaining lifetime (RT-EXP <c>authorization_expires_in</c>, also as
/// <c>refresh_token_expires_in</c>). Anything else, and any caller not allowed to introspect, gets
/// <c>{"active":false}</c> and nothing more. A bound token's <c>cnf</c> (RFC 9449 §6.2, RFC 8705 §3.2) is returned for
/// the resource server to compare with the key or certificate the token came with.
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

    private static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator authenticator, AccessTokenReader accessTokens, IGrainFactory grains, TimeProvider time)
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

        if (RefreshTokens.TryParse(token, out var familyId, out var digest))
        {
            var outcome = await grains.GetGrain<IRefreshTokenFamilyGrain>(familyId).DescribeAsync(new RefreshPresentation(client!.ClientId, digest, null));
            return RefreshTokenResult(outcome, time.GetUtcNow());
        }

        var claims = client!.MayIntrospect ? await accessTokens.ReadAsync(token) : null;
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteBoolean("active", claims is not null);
            if (claims is not { } live)
            {
                return;
            }

            // RFC 9449 §6.2: DPoP for a DPoP-bound token; a token bound only to a certificate is still Bearer (RFC 8705 §3).
            w.WriteString("token_type", live.TryGetProperty("cnf", out var cnf) && cnf.ValueKind == System.Text.Json.JsonValueKind.Object && cnf.TryGetProperty("jkt", out _)
                ? TokenTypes.DPoP : TokenTypes.Bearer);
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

    /// <summary>RFC 7662 §2.2 for a refresh token: <c>exp</c> is when it dies unused, or with its grant if sooner.</summary>
    private static OAuthJsonResult RefreshTokenResult(RefreshOutcome outcome, DateTimeOffset now) => new(StatusCodes.Status200OK, w =>
    {
        w.WriteBoolean("active", outcome.Result == RefreshResult.Valid);
        if (outcome is not { Result: RefreshResult.Valid, Family: { } family, IdleExpiresAt: { } idle })
        {
            return;
        }

        var remaining = (long)(family.AuthorizationExpiresAt - now).TotalSeconds;
        w.WriteString("token_type", "refresh_token");
        w.WriteString("client_id", family.ClientId);
        w.WriteString("sub", family.Subject);
        w.WriteString("scope", string.Join(' ', family.Scopes));
        w.WriteNumber("exp", (idle < family.AuthorizationExpiresAt ? idle : family.AuthorizationExpiresAt).ToUnixTimeSeconds());
        w.WriteNumber("authorization_expires_in", remaining);
        w.WriteNumber("refresh_token_expires_in", remaining);
    });
}
