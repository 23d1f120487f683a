using DeferredOrleans.Abstractions.Authorization;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Authorization;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// RFC 6749 §4.1 with PKCE (<see cref="Pkce"/>). The code is spent by the token request, deferred or not, so a
/// replayed code is <c>invalid_grant</c> (RFC 6749 §4.1.2; check 42 of docs/conformance.md); the code's grain
/// remembers the tokens issued from it, now or when a deferral is approved, and a replay revokes them. A
/// <c>completion_mode=deferred</c> hint sent to <c>/authorize</c> obliges the token request to carry it too
/// (draft-ietf-oauth-deferred-token-response-01 §5.2; check 43).
/// </summary>
public sealed class AuthorizationCodeGrant(GrantAdmission admission, TokenSets tokens, IGrainFactory grains) : ITokenGrantHandler, IIssuingGrant, IDeferrableGrant
{
    public string GrantType => GrantTypes.AuthorizationCode;

    public async Task<TokenResult> HandleAsync(TokenContext context)
    {
        if (context.Request[OAuthParameters.Code] is not { } code)
        {
            return OAuthError.InvalidRequest("code and code_verifier are required");
        }

        var (request, error) = await RedeemAsync(context, code, CompletionMode.AllowsDeferral(context.Request));
        return request is null ? error! : await admission.AdmitAsync(context, request, AuthorizationDetailTypes.Of(request.AuthorizationDetails), this);
    }

    /// <summary>
    /// Spends the code (with its PKCE verifier and redirect URI, RFC 6749 §4.1.3, RFC 7636 §4.6) and returns the
    /// request it stands for; <paramref name="optedIn"/> says whether the token request may be deferred.
    /// </summary>
    public async Task<(DeferredTokenRequest? Request, OAuthError? Error)> RedeemAsync(TokenContext context, string code, bool optedIn)
    {
        var form = context.Request;
        if (form[OAuthParameters.CodeVerifier] is not { } verifier)
        {
            return (null, OAuthError.InvalidRequest("code and code_verifier are required"));
        }

        if (!Pkce.IsWellFormedVerifier(verifier))
        {
            return (null, new OAuthError(OAuthErrors.InvalidGrant, "the code_verifier is malformed"));
        }

        // RFC 7636 §4.6: the code's grain compares the verifier's challenge with the code's.
        var challenge = Pkce.ChallengeOf(verifier);
        var codeId = AuthorizationCodes.Id(code);
        var redemption = await grains.GetGrain<IAuthorizationCodeGrain>(codeId)
            .RedeemAsync(new CodeRedemptionRequest(context.Client.ClientId, form[OAuthParameters.RedirectUri], challenge, optedIn));
        if (redemption.Result == CodeRedemptionResult.DeferredHintMissing)
        {
            return (null, OAuthError.InvalidRequest("the authorization request asked for deferral; the token request must send completion_mode=deferred"));
        }

        if (redemption.Data is not { } data)
        {
            return (null, new OAuthError(OAuthErrors.InvalidGrant, "the authorization code is not valid"));
        }

        return (new DeferredTokenRequest(
            context.Client.ClientId, GrantType, data.Subject, data.Scopes, data.Resources, data.AuthorizationDetails,
            GrantData: new GrantData(Nonce: data.Nonce, AuthTime: data.AuthTime, Code: codeId).ToJson()), null);
    }

    // A deferral that required nobody (an OpenID deferred flow the policy allowed) carries no approval to show.
    public Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance) =>
        IssueAsync(
            context,
            issuance.Request with { Scopes = issuance.GrantedScopes, AuthorizationDetails = issuance.GrantedAuthorizationDetails },
            issuance.Approval.Required == 0 ? null : issuance.Approval);

    public async Task<TokenResult> IssueAsync(TokenContext context, DeferredTokenRequest request, ApprovalEvidence? approval)
    {
        var data = GrantData.Parse(request.GrantData);
        var (response, issued) = await tokens.IssueAsync(context, request, approval, data.Nonce, data.AuthTime);

        // Before the response leaves, so that a replay of the code from now on finds these tokens to revoke.
        if (data.Code is { } codeId)
        {
            await grains.GetGrain<IAuthorizationCodeGrain>(codeId).RecordIssuedAsync(issued);
        }

        return new TokenResult.Issued(response);
    }
}
