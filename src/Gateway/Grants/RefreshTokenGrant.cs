using System.Diagnostics;
using System.Text;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Core.Crypto;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// RFC 6749 §6 with rotation on every use. A refresh the policy defers suspends the family while it waits, so a
/// second refresh with the same token is <c>invalid_grant</c>; approval rotates it (RFC 9700 §4.14.2; check 44 of
/// docs/conformance.md). A refresh after the grant ended, while its re-authorization waits, is deferred to that
/// re-authorization (its code, unsealed) instead of refused.
/// </summary>
public sealed class RefreshTokenGrant(GrantAdmission admission, AccessTokenIssuer access, RefreshTokens refreshTokens, ServerKeys keys, TimeProvider time, IGrainFactory grains)
    : ITokenGrantHandler, IDeferrableGrant
{
    private static readonly OAuthError Invalid = new(OAuthErrors.InvalidGrant, "the refresh token is not valid");

    public string GrantType => GrantTypes.RefreshToken;

    public async Task<TokenResult> HandleAsync(TokenContext context)
    {
        if (context.Request[OAuthParameters.RefreshToken] is not { } token)
        {
            return OAuthError.InvalidRequest("refresh_token is missing");
        }

        if (!RefreshTokens.TryParse(token, out var familyId, out var digest))
        {
            return Invalid;
        }

        var family = grains.GetGrain<IRefreshTokenFamilyGrain>(familyId);
        var presentation = new RefreshPresentation(context.Client.ClientId, digest, context.DpopJkt);
        var inspection = await family.InspectAsync(presentation);
        if (inspection is { Result: RefreshResult.ReauthorizationPending, Reauthorization: { } pending })
        {
            return await DeferToReauthorizationAsync(pending);
        }

        if (Refusal(inspection) is { } refusal)
        {
            return refusal;
        }

        var grant = inspection.Family!;
        var requested = context.Request[OAuthParameters.Scope]?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested is not null && !requested.All(s => grant.Scopes.Contains(s, StringComparer.Ordinal)))
        {
            // RFC 6749 §6: a refresh may narrow the scope, never widen it.
            return new OAuthError(OAuthErrors.InvalidScope, "a refresh cannot widen the scope");
        }

        var request = new DeferredTokenRequest(
            context.Client.ClientId, GrantType, grant.Subject, requested is null ? grant.Scopes : [.. requested.Distinct(StringComparer.Ordinal)],
            grant.Resources, grant.AuthorizationDetails, grant.Actor, new GrantData(NotAfter: grant.AuthorizationExpiresAt, Family: familyId).ToJson());
        return await admission.DecideAsync(context, request, AuthorizationDetailTypes.Of(grant.AuthorizationDetails), notAfter: grant.AuthorizationExpiresAt) switch
        {
            AdmissionVerdict.Issue issue =>
                await IssueRotatedAsync(context, request, (newDigest, issued) => family.RotateAsync(presentation, newDigest, issued), familyId, issue.Approval),

            // The family is suspended for the deferral before the deferral exists; a second refresh meanwhile is refused.
            AdmissionVerdict.Defer defer =>
                await admission.DeferAsync(context, request, defer, beforeCreate: async deferralId => Refusal(await family.SuspendAsync(presentation, deferralId))),
            AdmissionVerdict.Refuse refuse => refuse.Error,
            _ => throw new UnreachableException(),
        };
    }

    public Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance)
    {
        var familyId = GrantData.Parse(issuance.Request.GrantData).Family!;
        var family = grains.GetGrain<IRefreshTokenFamilyGrain>(familyId);
        var request = issuance.Request with { Scopes = issuance.GrantedScopes, AuthorizationDetails = issuance.GrantedAuthorizationDetails };

        // The approval id is the deferral id the family was suspended for.
        return IssueRotatedAsync(context, request, (newDigest, issued) => family.CompleteSuspendedAsync(issuance.Approval.Id, newDigest, issued), familyId, issuance.Approval);
    }

    /// <summary>
    /// Completes an approved re-authorization the client waited for: the family is extended (again, idempotently, in
    /// case the deferral could not tell it), then rotated as any approved deferred refresh is.
    /// </summary>
    public async Task<TokenResult> CompleteReauthorizationAsync(TokenContext context, Issuance issuance)
    {
        var familyId = issuance.Request.GrantData!;
        var family = grains.GetGrain<IRefreshTokenFamilyGrain>(familyId);
        await family.ReauthorizedAsync(issuance.Approval.Id, issuance.Approval.ApprovedUntil);
        var request = issuance.Request with { Scopes = issuance.GrantedScopes, AuthorizationDetails = issuance.GrantedAuthorizationDetails };
        return await IssueRotatedAsync(context, request, (newDigest, issued) => family.CompleteSuspendedAsync(issuance.Approval.Id, newDigest, issued), familyId, issuance.Approval);
    }

    /// <summary>The Deferred Token Response for the re-authorization the ended grant waits for: its own code.</summary>
    private async Task<TokenResult> DeferToReauthorizationAsync(PendingReauthorization pending)
    {
        if (Sealer.Unseal((await keys.GetAsync()).SealingKey, pending.SealedCode) is not { } code)
        {
            return Invalid;
        }

        return new TokenResult.Deferred(Encoding.ASCII.GetString(code), (int)Math.Floor((pending.ExpiresAt - time.GetUtcNow()).TotalSeconds), pending.IntervalSeconds);
    }

    /// <summary>
    /// Issues an access token and rotates the family to a new refresh token (now, or by ending its suspension). The
    /// access token is minted first so the family remembers it in the same write, and revokes it with the family
    /// later; if the rotation is refused after all (a concurrent use), the family revokes it at once.
    /// </summary>
    private async Task<TokenResult> IssueRotatedAsync(
        TokenContext context, DeferredTokenRequest request, Func<string, IssuedAccessToken, Task<RefreshOutcome>> rotate, string familyId, ApprovalEvidence? approval)
    {
        var (token, issued) = await access.MintAsync(AccessTokenRequest.For(context, request, approval));
        var (refresh, digest) = RefreshTokens.NewToken(familyId);
        var outcome = await rotate(digest, issued);
        if (Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        var (timeout, authorization) = refreshTokens.Bounds(outcome);
        return new TokenResult.Issued(token with { RefreshToken = refresh, RefreshTokenTimeout = timeout, AuthorizationExpiresIn = authorization });
    }

    private static OAuthError? Refusal(RefreshOutcome outcome) => outcome.Result switch
    {
        RefreshResult.Valid => null,
        RefreshResult.WrongProofKey => OAuthError.BoundToAnotherKey("refresh token"),
        RefreshResult.Suspended or RefreshResult.ReauthorizationPending => new OAuthError(OAuthErrors.InvalidGrant, "the refresh token is suspended while a deferred refresh waits"),
        _ => Invalid,
    };
}
