using System.Collections.Immutable;
using System.Diagnostics;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Risk;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// The step every grant shares once its own validation passed: the local policy, the PDP and standing decisions
/// speak, <see cref="DeferralAdmission"/> turns what they said into a verdict, and the grant acts on it: it issues,
/// refuses, or has the deferral started here.
/// </summary>
public sealed class GrantAdmission(PolicyStore store, DeferralStarter deferrals, StandingApprovals standing, PdpGate pdp, RiskAssertions risk, TimeProvider time)
{
    /// <summary>
    /// The local policy's decision on a validated request, with the risk signals of the risk engine's assertion the
    /// request forwarded (<see cref="RiskAssertions"/>); an assertion that does not verify refuses the request.
    /// </summary>
    public (PolicyDecision? Decision, OAuthError? Error) Evaluate(OAuthRequest wire, DeferredTokenRequest request, ImmutableArray<string> authorizationDetailTypes)
    {
        var (signals, error) = risk.Read(wire, request.ClientId, request.Subject);
        return error is not null
            ? (null, error)
            : (store.Policy.Evaluate(Facts(request, authorizationDetailTypes, signals), store.Directory), null);
    }

    /// <summary>
    /// Issue now, refuse, or defer. <paramref name="notAfter"/> is when the credential the request started from
    /// expires; a deferral never outlives it.
    /// </summary>
    public async Task<AdmissionVerdict> DecideAsync(
        TokenContext context, DeferredTokenRequest request, ImmutableArray<string> authorizationDetailTypes, DateTimeOffset? notAfter = null, bool optedIn = false)
    {
        var (evaluated, riskError) = Evaluate(context.Request, request, authorizationDetailTypes);
        if (evaluated is not { } decision)
        {
            return new AdmissionVerdict.Refuse(riskError!);
        }

        WorkflowRequest? workflow = null;
        if (decision is not PolicyDecision.Denied && pdp.Enabled)
        {
            var verdict = await pdp.EvaluateAsync(request with { DpopJkt = context.DpopJkt }, context.Http.RequestAborted);
            (decision, workflow, var pdpError) = pdp.Apply(decision, verdict);
            if (pdpError is not null)
            {
                return new AdmissionVerdict.Refuse(pdpError);
            }
        }

        var (initialDecisions, standingApproval) = decision is PolicyDecision.Deferred pending
            ? await standing.FindAsync(request, pending)
            : ([], null);
        var admission = DeferralAdmission.Check(
            decision,
            standingApproval,
            context.Client,
            optedIn || CompletionMode.AllowsDeferral(context.Request),
            hasDpopKey: context.DpopJkt is not null,
            notAfter,
            time.GetUtcNow(),
            context.Request[OAuthParameters.ClientNotificationToken]);
        return admission is AdmissionVerdict.Defer defer ? defer with { InitialDecisions = initialDecisions, Workflow = workflow } : admission;
    }

    /// <summary>Decides, then acts on the verdict: the grant issues now, the request is refused, or it is deferred.</summary>
    public async Task<TokenResult> AdmitAsync(
        TokenContext context, DeferredTokenRequest request, ImmutableArray<string> authorizationDetailTypes, IIssuingGrant grant, DateTimeOffset? notAfter = null) =>
        await DecideAsync(context, request, authorizationDetailTypes, notAfter) switch
        {
            AdmissionVerdict.Issue issue => await grant.IssueAsync(context, request, issue.Approval),
            AdmissionVerdict.Defer defer => await DeferAsync(context, request, defer),
            AdmissionVerdict.Refuse refuse => refuse.Error,
            _ => throw new UnreachableException(),
        };

    /// <summary>
    /// Starts the deferral <see cref="DecideAsync"/> asked for, bound to the request's DPoP key.
    /// <paramref name="beforeCreate"/> is the grant's own step before the deferral exists (see <see cref="DeferralStarter"/>).
    /// </summary>
    public async Task<TokenResult> DeferAsync(
        TokenContext context, DeferredTokenRequest request, AdmissionVerdict.Defer defer, Func<string, Task<OAuthError?>>? beforeCreate = null)
    {
        var started = await deferrals.StartAsync(
            request with { DpopJkt = context.DpopJkt, CertificateThumbprint = context.CertificateThumbprint, RiskSignals = risk.Read(context.Request, request.ClientId, request.Subject).Signals }, defer.Decision, defer.Callback, beforeCreate, defer.InitialDecisions, defer.Workflow);
        return started.Error ?? (TokenResult)started.Deferred!;
    }

    private TokenRequestFacts Facts(DeferredTokenRequest request, ImmutableArray<string> authorizationDetailTypes, string? riskSignals) =>
        new(request.ClientId, request.GrantType, request.Subject, request.Scopes, request.Resources, authorizationDetailTypes)
        {
            AuthorizationDetails = request.AuthorizationDetails,
            Actor = ActorClaim.Outermost(request.Actor),
            RiskSignals = riskSignals,
            Now = time.GetUtcNow(),
        };
}
