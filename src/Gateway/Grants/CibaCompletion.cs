using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// Finishes an approved CIBA request (started at <c>/bc-authorize</c>): access token, ID token, and a refresh token
/// when the client may refresh. Separate from <see cref="CibaGrant"/>, which polls, so that polling and completion
/// do not depend on each other.
/// </summary>
public sealed class CibaCompletion(TokenSets tokens) : IDeferrableGrant
{
    public string GrantType => GrantTypes.Ciba;

    public async Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance)
    {
        var request = issuance.Request with { Scopes = issuance.GrantedScopes, AuthorizationDetails = issuance.GrantedAuthorizationDetails };
        return new TokenResult.Issued((await tokens.IssueAsync(context, request, issuance.Approval, authTime: issuance.Approval.ApprovedAt)).Response);
    }
}
