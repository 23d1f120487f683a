using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Dpop;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Revocation;

/// <summary>
/// <c>POST /revoke</c> (RFC 7009), for deferral codes (DTR "Cancellation"), refresh tokens and access tokens. A
/// client can only revoke what was issued to it; anything else, unknown or already finished, gets the same 200 and
/// changes nothing (RFC 7009 §2.2). Revoking a refresh token ends its whole grant: the family and the access tokens
/// issued with its tokens (RFC 7009 §2.1). Revoking a deferral code never revokes a token already issued for it.
/// </summary>
public static class RevocationEndpoint
{
    public const string Path = "/revoke";

    private static readonly string[] SearchOrder = [TokenTypes.DeferralCode, TokenTypes.RefreshTokenHint, TokenTypes.AccessTokenHint];

    public static IEndpointRouteBuilder MapRevocationEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, ClientAuthenticator authenticator, DpopProofValidator dpop, ClientCertificates certificates, AccessTokenReader accessTokens, IGrainFactory grains)
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

        var (jkt, dpopError) = await dpop.ValidateAsync(http.Request, Path);
        if (dpopError is not null)
        {
            return OAuthJsonResult.For(dpopError);
        }

        // RFC 7009 §2.1: the hint is honoured (its kind is tried first) but not trusted: every supported kind is tried,
        // and an unknown hint only leaves the order as it is.
        var hint = request[OAuthParameters.TokenTypeHint];
        foreach (var kind in SearchOrder.OrderBy(k => k == hint ? 0 : 1))
        {
            // Each kind says whether the token is one of its own (then the search ends), and refuses only a wrong proof.
            var (found, refusal) = kind switch
            {
                TokenTypes.DeferralCode => await RevokeDeferralCodeAsync(grains, token, client!.ClientId, jkt, await certificates.BindingAsync(http, client)),
                TokenTypes.RefreshTokenHint => await RevokeRefreshTokenAsync(grains, token, client!.ClientId, jkt),
                _ => await RevokeAccessTokenAsync(grains, accessTokens, token, client!.ClientId),
            };
            if (refusal is not null)
            {
                return OAuthJsonResult.For(refusal);
            }

            if (found)
            {
                break;
            }
        }

        return new OAuthJsonResult(StatusCodes.Status200OK, _ => { });
    }

    /// <summary>DTR "Cancellation": a pending or approved-but-uncollected deferral is cancelled.</summary>
    private static async Task<(bool Found, OAuthError? Error)> RevokeDeferralCodeAsync(IGrainFactory grains, string token, string clientId, string? jkt, string? x5t)
    {
        if (!DeferralCodes.TryGetId(token, out var id))
        {
            return (false, null);
        }

        var result = await grains.GetGrain<IDeferralGrain>(id).CancelAsync(new CancelRequest(clientId, jkt, x5t));
        return (true, result switch
        {
            CancelResult.WrongProofKey => OAuthError.BoundToAnotherKey("deferral code"),
            CancelResult.WrongCertificate => OAuthError.BoundToAnotherCertificate("deferral code"),
            _ => null,
        });
    }

    /// <summary>The refresh token's family ends, and with it the access tokens its tokens came with.</summary>
    private static async Task<(bool Found, OAuthError? Error)> RevokeRefreshTokenAsync(IGrainFactory grains, string token, string clientId, string? jkt)
    {
        if (!RefreshTokens.TryParse(token, out var family, out var digest))
        {
            return (false, null);
        }

        // RFC 9449 §5: a bound refresh token proves its key here as at the token endpoint.
        var result = await grains.GetGrain<IRefreshTokenFamilyGrain>(family).RevokeAsync(new RefreshPresentation(clientId, digest, jkt));
        return (true, result == RefreshResult.WrongProofKey ? OAuthError.BoundToAnotherKey("refresh token") : null);
    }

    /// <summary>A client's own access token is remembered as revoked until it expires.</summary>
    private static async Task<(bool Found, OAuthError? Error)> RevokeAccessTokenAsync(IGrainFactory grains, AccessTokenReader accessTokens, string token, string clientId)
    {
        if (await accessTokens.ReadAsync(token, checkRevocation: false) is not { } claims)
        {
            return (false, null);
        }

        if (claims.GetProperty("client_id").GetString() == clientId)
        {
            var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
            await grains.GetGrain<ITokenRevocationGrain>(claims.GetProperty("jti").GetString()!).RevokeAsync(expires);
        }

        return (true, null);
    }
}
