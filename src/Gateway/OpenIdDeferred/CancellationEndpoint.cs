using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Dpop;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.OpenIdDeferred;

/// <summary>
/// DTR-OIDF draft 00 §10, the Authentication Cancellation Endpoint. Draft 00 names no path and no metadata for it;
/// here it is <c>POST /deferred-authentication/cancel</c>, published as
/// <c>deferred_authentication_cancellation_endpoint</c>. Its text says form-encoded while its example sends JSON:
/// this server takes the normative text (form-encoded, like every other OAuth endpoint, so that client authentication
/// works the same way); a JSON body is <c>invalid_request</c>. Like RFC 7009 §2.2 it answers 200 whether or not there
/// was anything to cancel.
/// </summary>
public static class CancellationEndpoint
{
    public const string Path = "/deferred-authentication/cancel";

    public static IEndpointRouteBuilder MapDeferredCancellationEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator authenticator, DpopProofValidator dpop, ClientCertificates certificates, IGrainFactory grains)
    {
        var (request, client, error) = await authenticator.ReadAndAuthenticateAsync(http.Request);
        if (error is not null)
        {
            return OAuthJsonResult.For(error);
        }

        // DTR-OIDF §10.4: a client not registered for the deferred flow is unauthorized_client.
        if (!client!.GrantTypes.Contains(GrantTypes.OpenIdDeferred, StringComparer.Ordinal))
        {
            return OAuthJsonResult.For(new OAuthError(OAuthErrors.UnauthorizedClient, "the client is not registered for the deferred flow"));
        }

        if (request![OAuthParameters.DeferredAuthId] is not { } handle)
        {
            return OAuthJsonResult.For(OAuthError.InvalidRequest("deferred_auth_id is missing"));
        }

        var (jkt, dpopError) = await dpop.ValidateAsync(http.Request, Path);
        if (dpopError is not null)
        {
            return OAuthJsonResult.For(dpopError);
        }

        // DTR-OIDF §10.2 step 3: a DPoP-bound handle is cancelled only with its key; RFC 8705 §3: a certificate-bound one with its certificate.
        var result = DeferralCodes.TryGetId(handle, out var id)
            ? await grains.GetGrain<IDeferralGrain>(id).CancelAsync(new CancelRequest(client.ClientId, jkt, await certificates.BindingAsync(http, client)))
            : CancelResult.NoChange;
        var refusal = result switch
        {
            CancelResult.WrongProofKey => OAuthError.BoundToAnotherKey(OAuthParameters.DeferredAuthId),
            CancelResult.WrongCertificate => OAuthError.BoundToAnotherCertificate(OAuthParameters.DeferredAuthId),
            _ => null,
        };
        return refusal is not null ? OAuthJsonResult.For(refusal) : new OAuthJsonResult(StatusCodes.Status200OK, _ => { });
    }
}
