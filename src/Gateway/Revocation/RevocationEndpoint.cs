using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Dpop;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Revocation;

/// <summary>
/// <c>POST /revoke</c> (RFC 7009), for deferral codes (DTR "Cancellation") and access tokens. A client can only revoke
/// what was issued to it; anything else, unknown or already finished, gets the same 200 and changes nothing.
/// Revoking a deferral code never revokes a token already issued for it.
/// </summary>
public static class RevocationEndpoint
{
    public const string Path = "/revoke";

    public static IEndpointRouteBuilder MapRevocationEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, ClientAuthenticator authenticator, DpopProofValidator dpop, AccessTokenReader accessTokens, IGrainFactory grains)
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

        // RFC 7009 §2.1: the hint only orders the search; every supported type is tried.
        if (DeferralCodes.TryGetId(token, out var id))
        {
            var result = await grains.GetGrain<IDeferralGrain>(id).CancelAsync(new CancelRequest(client!.ClientId, jkt));
            if (result == CancelResult.WrongProofKey)
            {
                return OAuthJsonResult.For(new OAuthError(OAuthErrors.InvalidDpopProof, "the deferral code is bound to another DPoP key"));
            }
        }
        else if (await accessTokens.ReadAsync(token, checkRevocation: false) is { } claims &&
                 claims.GetProperty("client_id").GetString() == client!.ClientId)
        {
            var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
            await grains.GetGrain<ITokenRevocationGrain>(claims.GetProperty("jti").GetString()!).RevokeAsync(expires);
        }

        return new OAuthJsonResult(StatusCodes.Status200OK, _ => { });
    }
}
