using System.Buffers.Text;
using System.Security.Cryptography;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>Carries out one approver's decision on one request, and the standing decision that may come with it.</summary>
public sealed class ApprovalDecisions(IGrainFactory grains, TimeProvider time, ILogger<ApprovalDecisions> logger)
{
    public async Task<(DecisionOutcome Outcome, StandingDecision? Standing)> DecideAsync(string approver, string id, bool approve, DecisionInput input)
    {
        if (!DeferralCodes.IsId(id))
        {
            return (new DecisionOutcome(DecisionResult.NotRouted, DeferralStatus.Pending, []), null);
        }

        var deferral = grains.GetGrain<IDeferralGrain>(id);
        var outcome = await deferral.DecideAsync(new ApproverDecision(approver, approve, input.Reason, input.Scopes, input.AuthorizationDetails));
        if (outcome.Result != DecisionResult.Recorded || !approve || input.StandingHours is not { } hours || await deferral.GetViewAsync(approver) is not { } view)
        {
            return (outcome, null);
        }

        var now = time.GetUtcNow();
        var standing = new StandingDecision(
            $"sd-{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12))}",
            approver,
            view.ClientId,
            view.Rule,
            view.GrantedScopes,
            view.Resources,
            now,
            now.AddHours(hours));
        await grains.GetGrain<IStandingDecisionsGrain>(approver).CreateAsync(standing);
        await grains.RecordAsync(
            new AuditEvent("standing_decision.created", now, id, view.ClientId, approver, view.Subject, $"standing decision {standing.Id} for rule {view.Rule}, scope '{string.Join(' ', standing.Scopes)}', until {standing.ExpiresAt:O}"),
            logger);
        return (outcome, standing);
    }
}
