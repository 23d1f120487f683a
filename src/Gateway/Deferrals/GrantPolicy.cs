using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// The step every grant shares once its own validation passed: ask the policy, then issue now, refuse now, or
/// defer. Deferral needs the client's opt-in (DTR: an AS MUST NOT defer a client that did not signal it).
/// </summary>
public sealed class GrantPolicy(PolicyStore store, DeferralStarter deferrals, StandingApprovals standing, PdpGate pdp, TimeProvider time)
{
    /// <summary>DTR: the client_notification_token needs at least 128 bits of entropy; RFC 6750 b64token syntax.</summary>
    private const int MinimumNotificationTokenLength = 22;

    public PolicyDecision Evaluate(DeferredTokenRequest request, ImmutableArray<string> authorizationDetailTypes, string? riskSignals = null) =>
        store.Policy.Evaluate(Facts(request, authorizationDetailTypes, riskSignals), store.Directory);

    public TokenRequestFacts Facts(DeferredTokenRequest request, ImmutableArray<string> authorizationDetailTypes, string? riskSignals = null) =>
        new(request.ClientId, request.GrantType, request.Subject, request.Scopes, request.Resources, authorizationDetailTypes)
        {
            AuthorizationDetails = request.AuthorizationDetails,
            Actor = ActorClaim.Outermost(request.Actor),
            RiskSignals = riskSignals,
            Now = time.GetUtcNow(),
        };

    public async Task<TokenResult> ApplyAsync(
        TokenContext context,
        DeferredTokenRequest request,
        ImmutableArray<string> authorizationDetailTypes,
        Func<ApprovalEvidence?, Task<TokenResult>> issueNow,
        DateTimeOffset? notAfter = null,
        Func<string, Task<OAuthError?>>? beforeDefer = null)
    {
        var (risk, riskError) = RiskSignals.Read(context.Request);
        if (riskError is not null)
        {
            return riskError;
        }

        var decision = Evaluate(request, authorizationDetailTypes, risk);
        WorkflowRequest? workflow = null;
        if (decision is not PolicyDecision.Denied && pdp.Enabled)
        {
            // AuthZEN PDP (AROP): allowed leaves the local decision standing; a plain denial is answered now;
            // a requestable one defers the whole request to an ARAP task; no answer is 503, with nothing written.
            switch (await pdp.EvaluateAsync(request with { DpopJkt = context.DpopJkt }, context.Http.RequestAborted))
            {
                case PdpVerdict.Unavailable:
                    return new OAuthError(OAuthErrors.TemporarilyUnavailable, "the policy decision point did not answer; retry later");
                case PdpVerdict.Refused refused:
                    return refused.Error;
                case PdpVerdict.Requestable requestable:
                    decision = pdp.Defer(decision);
                    workflow = requestable.Workflow;
                    break;
            }
        }

        var initial = ImmutableArray<RecordedDecision>.Empty;
        if (decision is PolicyDecision.Deferred pending)
        {
            // Standing decisions may let the request through without asking anyone, opt-in or not.
            var (decisions, evidence) = await standing.FindAsync(request, pending);
            if (evidence is not null)
            {
                return await issueNow(evidence);
            }

            initial = decisions;
        }

        switch (decision)
        {
            case PolicyDecision.Allowed:
                return await issueNow(null);
            case PolicyDecision.Denied denied:
                return Refusal(denied);
            case PolicyDecision.Deferred deferred when context.Client.DeferWithoutOptIn || CompletionMode.AllowsDeferral(context.Request):
                // RFC 9449 / DTR: a public client's deferral must be bound to a key, so it must present DPoP.
                if (context.Client.Public && context.DpopJkt is null)
                {
                    return OAuthError.InvalidRequest("a public client must present a DPoP proof to be deferred");
                }

                // A deferral never outlives the credential it started from: this project's reading of
                // draft-ietf-oauth-deferred-token-response-01 §11.7 (preconditions of the originating grant).
                if (notAfter is { } limit && limit - time.GetUtcNow() < deferred.ExpiresIn)
                {
                    deferred = deferred with { ExpiresIn = limit - time.GetUtcNow() };
                    if (deferred.ExpiresIn <= TimeSpan.FromSeconds(deferred.IntervalSeconds))
                    {
                        return new OAuthError(OAuthErrors.InvalidGrant, "the credential expires too soon to wait for approval");
                    }
                }

                var (callback, error) = CallbackFor(context);
                if (error is not null)
                {
                    return error;
                }

                var started = await deferrals.StartAsync(request with { DpopJkt = context.DpopJkt }, deferred, callback, beforeDefer, initial, workflow);
                return started.Error ?? (TokenResult)started.Deferred!;
            default:
                // Needs approval but the client cannot wait: a synchronous refusal that says why (never a code).
                return new OAuthError(OAuthErrors.InvalidScope, "approval required; retry with completion_mode=deferred");
        }
    }

    public static OAuthError Refusal(PolicyDecision.Denied denied) => new(denied.Reason switch
    {
        DenialReason.Target => OAuthErrors.InvalidTarget,
        DenialReason.AuthorizationDetails => OAuthErrors.InvalidAuthorizationDetails,
        _ => OAuthErrors.InvalidScope,
    }, denied.Description);

    private static (DeferralStarter.Callback? Callback, OAuthError? Error) CallbackFor(TokenContext context)
    {
        if (context.Client.DeferredNotificationEndpoint is not { } endpoint)
        {
            return (null, null);
        }

        var token = context.Request[OAuthParameters.ClientNotificationToken];
        if (token is not null && (token.Length < MinimumNotificationTokenLength || token.Length > 1024 || !token.All(IsB64TokenChar)))
        {
            return (null, OAuthError.InvalidRequest("client_notification_token is too short or malformed"));
        }

        return (new DeferralStarter.Callback(endpoint, OAuthParameters.DeferralCode, token), null);
    }

    private static bool IsB64TokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/' or '=';
}
