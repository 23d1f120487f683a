using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// The response of grants that act for a user: an access token, a refresh token when the client may refresh, and an
/// ID token when <c>openid</c> was granted. RFC 9449 §5: a public client's refresh tokens are bound to its DPoP key.
/// </summary>
public sealed class TokenSets(AccessTokenIssuer access, IdTokenIssuer idTokens, RefreshTokens refreshTokens)
{
    public const string OpenIdScope = "openid";

    /// <summary>Issues the set; <see cref="MintedTokenSet.Issued"/> is what the grant it came from may have to revoke later.</summary>
    public async Task<MintedTokenSet> IssueAsync(TokenContext context, DeferredTokenRequest request, ApprovalEvidence? approval, string? nonce = null, DateTimeOffset? authTime = null, string? authReqId = null)
    {
        var (token, issued) = await access.MintAsync(AccessTokenRequest.For(context, request, approval));
        var set = new IssuedTokenSet(issued);
        if (context.Client.GrantTypes.Contains(GrantTypes.RefreshToken, StringComparer.Ordinal))
        {
            var (refresh, family, endsAt, timeout, authorization) = await refreshTokens.StartAsync(context.Client, request, approval, context.Client.Public ? context.DpopJkt : null, issued);
            token = token with { RefreshToken = refresh, RefreshTokenTimeout = timeout, AuthorizationExpiresIn = authorization };
            set = set with { RefreshFamily = family, RefreshFamilyEndsAt = endsAt };
        }

        if (request.Scopes.Contains(OpenIdScope, StringComparer.Ordinal))
        {
            token = token with { IdToken = await idTokens.IssueAsync(request.ClientId, request.Subject, nonce, authTime, token.AccessToken, authReqId) };
        }

        return new MintedTokenSet(token, set);
    }
}
