using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// RFC 6749 §4.4. The subject is the client itself, or the user an agent acts for; the README walkthrough's example
/// (<c>scope=doc:write&amp;resource=doc-789</c> deferred to the document's owner) runs through here.
/// </summary>
public sealed class ClientCredentialsGrant(GrantAdmission admission, AccessTokenIssuer tokens, PolicyStore store) : ITokenGrantHandler, IIssuingGrant, IDeferrableGrant
{
    public string GrantType => GrantTypes.ClientCredentials;

    public async Task<TokenResult> HandleAsync(TokenContext context)
    {
        var (access, error) = RequestedAccess.Parse(context.Request, context.Client, store.Directory);
        if (error is not null)
        {
            return error;
        }

        var client = context.Client;
        var request = new DeferredTokenRequest(client.ClientId, GrantType, client.ActsFor ?? client.ClientId, access!.Scopes, access.Resources, access.AuthorizationDetails);
        return await admission.AdmitAsync(context, request, access.AuthorizationDetailTypes, this);
    }

    public Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance) =>
        IssueAsync(context, issuance.Request with { Scopes = issuance.GrantedScopes, AuthorizationDetails = issuance.GrantedAuthorizationDetails }, issuance.Approval);

    public async Task<TokenResult> IssueAsync(TokenContext context, DeferredTokenRequest request, ApprovalEvidence? approval)
    {
        // RFC 8693 §4.1: an agent acting for a user is the token's actor.
        var actor = request.Subject == request.ClientId ? null : ActorClaim.For(request.ClientId);
        var token = await tokens.IssueAsync(AccessTokenRequest.For(context, request, approval, actor));
        return new TokenResult.Issued(token);
    }
}
