using System.Collections.Frozen;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// Polls a deferral and turns the grain's verdict into exactly one wire answer
/// (draft-ietf-oauth-deferred-token-response-01 §6.5.1, §6.6).
/// </summary>
public sealed class DeferralPoller(IGrainFactory grains, DeferralStarter deferrals, IEnumerable<IDeferrableGrant> deferrable, ILogger<DeferralPoller> logger)
{
    // draft-ietf-oauth-deferred-token-response-01 §6.6: unknown and other client's codes must read the same.
    private static readonly OAuthError Unknown = new(OAuthErrors.InvalidGrant, "the deferral code is not valid");

    private readonly FrozenDictionary<string, IDeferrableGrant> _completions = deferrable.ToFrozenDictionary(g => g.GrantType, StringComparer.Ordinal);

    public async Task<TokenResult> PollAsync(TokenContext context, string code)
    {
        if (!DeferralCodes.TryGetId(code, out var id))
        {
            return Unknown;
        }

        var outcome = await grains.GetGrain<IDeferralGrain>(id).PollAsync(new PollRequest(context.Client.ClientId, context.DpopJkt, context.CertificateThumbprint));
        return outcome.Verdict switch
        {
            PollVerdict.Pending => new OAuthError(OAuthErrors.AuthorizationPending, outcome.Progress),
            PollVerdict.InteractionRequired => new OAuthError(
                OAuthErrors.InteractionRequired,
                "step=interaction",
                new Dictionary<string, string> { [OAuthParameters.InteractionUri] = (await deferrals.InteractionUriAsync(code)).ToString() }),
            // RFC 8628 §3.5: the client adds 5 s to its interval for this and every later poll.
            PollVerdict.SlowDown => new OAuthError(OAuthErrors.SlowDown, "polling too fast; add 5 seconds to the interval"),
            PollVerdict.Abandoned => OAuthError.InvalidRequest("the deferral code was abandoned after repeated polling too fast"),
            PollVerdict.WrongProofKey => OAuthError.BoundToAnotherKey("deferral code"),
            PollVerdict.WrongCertificate => OAuthError.BoundToAnotherCertificate("deferral code"),
            PollVerdict.Expired => new OAuthError(OAuthErrors.ExpiredToken, "the deferral code has expired"),
            PollVerdict.Denied => new OAuthError(OAuthErrors.AccessDenied, "the request was not approved"),
            PollVerdict.Redeemed => new OAuthError(OAuthErrors.InvalidGrant, "the deferral code was already redeemed"),
            PollVerdict.Issued when outcome.Issuance is { } issuance => await CompleteAsync(context, issuance, outcome.Redemption),
            _ => Unknown,
        };
    }

    /// <summary>
    /// Mints the redeemed deferral's token. Its <c>deferral.redeemed</c> record goes into the token's audit append; a
    /// completion that ends without a token (a refusal, or a failure) leaves it here, to be appended on its own.
    /// </summary>
    private async Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance, AuditEvent? redeemed)
    {
        var redemption = redeemed is null ? null : new PendingRedemption(redeemed);
        try
        {
            return await _completions[issuance.Request.GrantType].CompleteAsync(context with { Redemption = redemption }, issuance);
        }
        finally
        {
            if (redemption?.Take() is { } unrecorded)
            {
                await grains.RecordAsync(unrecorded, logger);
            }
        }
    }
}
