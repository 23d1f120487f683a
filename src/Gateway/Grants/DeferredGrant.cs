using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>DTR polling: <c>grant_type=urn:ietf:params:oauth:grant-type:deferred</c> with the deferral code.</summary>
public sealed class DeferredGrant(DeferralPoller poller) : ITokenGrantHandler
{
    /// <summary>
    /// draft-ietf-oauth-deferred-token-response-01 §4.1 (guarantee 4) and §5.2: a poll continues a flow and never
    /// carries the parameters that start one.
    /// </summary>
    private static readonly string[] OriginatingParameters =
    [
        OAuthParameters.CompletionMode, OAuthParameters.Scope, OAuthParameters.Resource, OAuthParameters.Audience,
        OAuthParameters.AuthorizationDetails, OAuthParameters.Code, OAuthParameters.RefreshToken,
        OAuthParameters.SubjectToken, OAuthParameters.ActorToken, OAuthParameters.Assertion,
    ];

    public string GrantType => GrantTypes.Deferred;

    public Task<TokenResult> HandleAsync(TokenContext context)
    {
        var request = context.Request;
        if (OriginatingParameters.Any(request.Has))
        {
            return Task.FromResult<TokenResult>(OAuthError.InvalidRequest("a poll must not carry parameters of the originating request"));
        }

        // This project's alias: CIBA's name for the handle, auth_req_id (CIBA Core §7.3), stands for deferral_code.
        var code = request[OAuthParameters.DeferralCode];
        var alias = request[OAuthParameters.AuthReqId];
        if (code is not null && alias is not null && code != alias)
        {
            return Task.FromResult<TokenResult>(OAuthError.InvalidRequest("deferral_code and auth_req_id differ"));
        }

        return (code ?? alias) is { } handle
            ? poller.PollAsync(context, handle)
            : Task.FromResult<TokenResult>(OAuthError.InvalidRequest("deferral_code is missing"));
    }
}
