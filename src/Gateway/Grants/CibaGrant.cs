using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// CIBA polling (<c>urn:openid:params:grant-type:ciba</c> with <c>auth_req_id</c>). Because every deferral answers to
/// the same poll, a client with a built-in CIBA poller can also wait for any DTR deferral by its code.
/// </summary>
public sealed class CibaGrant(DeferralPoller poller) : ITokenGrantHandler
{
    public string GrantType => GrantTypes.Ciba;

    public Task<TokenResult> HandleAsync(TokenContext context)
    {
        if (context.Request[OAuthParameters.AuthReqId] is not { } authReqId)
        {
            return Task.FromResult<TokenResult>(OAuthError.InvalidRequest("auth_req_id is missing"));
        }

        return poller.PollAsync(context, authReqId);
    }
}
