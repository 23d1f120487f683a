using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Token;
using DeferredOrleans.Gateway.Trust;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// RFC 8693 token exchange: a valid subject token the client may present (<see cref="InboundTokens.MayPresent"/>),
/// for a resource that may need approval. The new token's subject is the subject token's; its <c>act</c> names the
/// exchanging client as the current actor, with the actor token's party and every earlier actor nested inside. A
/// DPoP-bound subject or actor token is accepted only with a proof of its key, and the new token is bound to it.
/// </summary>
public sealed class TokenExchangeGrant(GrantAdmission admission, AccessTokenIssuer tokens, InboundTokens inbound, PolicyStore store) : ITokenGrantHandler, IIssuingGrant, IDeferrableGrant
{
    private static readonly string[] AcceptedTokenTypes = [TokenTypes.AccessTokenType, TokenTypes.JwtType];

    public string GrantType => GrantTypes.TokenExchange;

    public async Task<TokenResult> HandleAsync(TokenContext context)
    {
        var form = context.Request;
        if (form[OAuthParameters.SubjectToken] is not { } subjectToken || form[OAuthParameters.SubjectTokenType] is not { } subjectType)
        {
            return OAuthError.InvalidRequest("subject_token and subject_token_type are required");
        }

        // RFC 8693 §2.1: actor_token_type is required exactly when actor_token is present.
        var actorToken = form[OAuthParameters.ActorToken];
        if ((actorToken is null) != (form[OAuthParameters.ActorTokenType] is null))
        {
            return OAuthError.InvalidRequest("actor_token and actor_token_type go together");
        }

        if (!AcceptedTokenTypes.Contains(subjectType) || (form[OAuthParameters.ActorTokenType] is { } actorType && !AcceptedTokenTypes.Contains(actorType)))
        {
            return OAuthError.InvalidRequest("the token type is not supported");
        }

        if (form[OAuthParameters.RequestedTokenType] is { } requested && requested != TokenTypes.AccessTokenType)
        {
            return OAuthError.InvalidRequest("only access tokens can be requested");
        }

        var (access, error) = RequestedAccess.Parse(form, context.Client, store.Directory);
        if (error is not null)
        {
            return error;
        }

        // RFC 8693 §2.1: audience values are logical names of targets; an unknown one is invalid_target.
        var audiences = form.All(OAuthParameters.Audience);
        if (audiences.Any(a => !RequestedAccess.IsResource(a, store.Directory)))
        {
            return new OAuthError(OAuthErrors.InvalidTarget, "a requested audience is not valid");
        }

        // A token meant for another client or audience reads as any invalid one, so nothing about it leaks.
        var client = context.Client.ClientId;
        if (await inbound.ReadAsync(subjectToken) is not { } subject || !inbound.MayPresent(subject, client))
        {
            return new OAuthError(OAuthErrors.InvalidGrant, "the subject_token is not valid");
        }

        // The actor is a party other than the subject's token: one token in both roles would let the token's own
        // holder pose as its actor.
        if (actorToken == subjectToken)
        {
            return OAuthError.InvalidRequest("the actor_token must not be the subject_token");
        }

        InboundToken? actor = null;
        if (actorToken is not null && ((actor = await inbound.ReadAsync(actorToken)) is null || !inbound.MayPresent(actor, client)))
        {
            return new OAuthError(OAuthErrors.InvalidGrant, "the actor_token is not valid");
        }

        if (actor is not null && actor.IsSameAs(subject))
        {
            return OAuthError.InvalidRequest("the actor_token must not be the subject_token");
        }

        // RFC 9449 §6.1: a token bound to a key is of use only to whoever proves that key, here as at a resource.
        if (new[] { subject, actor }.Any(t => t?.Jkt is { } jkt && jkt != context.DpopJkt))
        {
            return new OAuthError(OAuthErrors.InvalidDpopProof, "a presented token is bound to a DPoP key the request did not prove");
        }

        // RFC 8705 §3: likewise a token bound to a client certificate, of use only over a connection with it.
        if (new[] { subject, actor }.Any(t => t?.CertificateThumbprint is { } x5t && x5t != context.CertificateThumbprint))
        {
            return new OAuthError(OAuthErrors.InvalidGrant, "a presented token is bound to a client certificate the request did not present");
        }

        // RFC 8693 §4.1: the client that exchanges is the current actor; the actor token's party (with its own
        // actors) and the subject token's actors are prior actors, nested in that order.
        var act = ActorClaim.For(client, actor is null ? [subject.Actor] : [ActorClaim.For(actor.Subject, actor.Actor), subject.Actor]);
        var request = new DeferredTokenRequest(
            context.Client.ClientId,
            GrantType,
            subject.Subject,
            access!.Scopes,
            [.. access.Resources.Concat(audiences).Distinct(StringComparer.Ordinal)],
            access.AuthorizationDetails,
            act,
            new GrantData(NotAfter: subject.ExpiresAt).ToJson());
        return await admission.AdmitAsync(context, request, access.AuthorizationDetailTypes, this, notAfter: subject.ExpiresAt);
    }

    public Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance)
    {
        // The subject token's expiry is a precondition of issuance (this project's reading of
        // draft-ietf-oauth-deferred-token-response-01 §11.7).
        if (GrantData.Parse(issuance.Request.GrantData).NotAfter <= tokens.Now)
        {
            return Task.FromResult<TokenResult>(new OAuthError(OAuthErrors.AccessDenied, "the subject token expired while the request waited"));
        }

        var request = issuance.Request with { Scopes = issuance.GrantedScopes, AuthorizationDetails = issuance.GrantedAuthorizationDetails };
        return IssueAsync(context, request, issuance.Approval);
    }

    public async Task<TokenResult> IssueAsync(TokenContext context, DeferredTokenRequest request, ApprovalEvidence? approval)
    {
        var token = await tokens.IssueAsync(AccessTokenRequest.For(context, request, approval));

        // RFC 8693 §2.2.1: issued_token_type is required in every token exchange response.
        return new TokenResult.Issued(token with { IssuedTokenType = TokenTypes.AccessTokenType });
    }
}
