using System.Collections.Immutable;
using DeferredOrleans.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;
using DeferredOrleans.Organization;
using DeferredOrleans.Policy;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// The step every grant shares once its own validation passed: ask the policy, then issue now, refuse now, or
/// defer. Deferral needs the client's opt-in (DTR: an AS MUST NOT defer a client that did not signal it).
/// </summary>
public sealed partial class GrantPolicy(AccessPolicy policy, OrganizationDirectory directory, IGrainFactory grains, TimeProvider time, ILogger<GrantPolicy> logger)
{
    public async Task<TokenResult> ApplyAsync(TokenContext context, DeferredTokenRequest request, ImmutableArray<string> authorizationDetailTypes, Func<Task<TokenResult>> issueNow)
    {
        var facts = new TokenRequestFacts(request.ClientId, request.GrantType, request.Subject, request.Scopes, request.Resources, authorizationDetailTypes);
        switch (policy.Evaluate(facts, directory))
        {
            case PolicyDecision.Allowed:
                return await issueNow();
            case PolicyDecision.Denied denied:
                return new OAuthError(ErrorFor(denied.Reason), denied.Description);
            case PolicyDecision.Deferred deferred when context.Client.DeferWithoutOptIn || CompletionMode.AllowsDeferral(context.Request):
                return await DeferAsync(request, deferred);
            default:
                // Needs approval but the client cannot wait: a synchronous refusal that says why (never a code).
                return new OAuthError(OAuthErrors.InvalidScope, "approval required; retry with completion_mode=deferred");
        }
    }

    private async Task<TokenResult> DeferAsync(DeferredTokenRequest request, PolicyDecision.Deferred decision)
    {
        var code = DeferralCodes.New();
        var plan = decision.ToPlan(time.GetUtcNow());
        await grains.GetGrain<IDeferralGrain>(DeferralCodes.Id(code)).CreateAsync(request, plan);
        LogDeferred(logger, request.ClientId, plan.Rule);
        return new TokenResult.Deferred(code, (int)decision.ExpiresIn.TotalSeconds, plan.IntervalSeconds);
    }

    private static string ErrorFor(DenialReason reason) => reason switch
    {
        DenialReason.Target => OAuthErrors.InvalidTarget,
        DenialReason.AuthorizationDetails => OAuthErrors.InvalidAuthorizationDetails,
        _ => OAuthErrors.InvalidScope,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred a request of client {ClientId} by rule {Rule}")]
    private static partial void LogDeferred(ILogger logger, string clientId, string rule);
}
