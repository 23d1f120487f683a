using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// Standing decisions in the way of a deferral: the routed approvers' decisions that cover this request count as
/// their approvals. If they satisfy the whole plan the request goes through without anyone being asked; otherwise
/// they are recorded up front and only the others are asked.
/// </summary>
public sealed class StandingApprovals(IGrainFactory grains, TimeProvider time)
{
    public async Task<(ImmutableArray<RecordedDecision> Decisions, ApprovalEvidence? Evidence)> FindAsync(DeferredTokenRequest request, PolicyDecision.Deferred deferred)
    {
        var now = time.GetUtcNow();
        var plan = deferred.ToPlan(now);
        var query = new StandingQuery(request.ClientId, plan.Rule, request.Scopes, request.Resources, request.GrantType, request.Subject, request.AuthorizationDetails, request.Actor);
        var approvers = plan.Requirements.SelectMany(r => r.Approvers).Distinct(StringComparer.Ordinal).ToList();
        var matches = await Task.WhenAll(approvers.Select(a => grains.GetGrain<IStandingDecisionsGrain>(a).MatchAsync(query)));
        var standing = approvers.Zip(matches).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!, StringComparer.Ordinal);
        if (standing.Count == 0)
        {
            return ([], null);
        }

        // A standing decision never stands in for a step-up: an approver a rule asks to authenticate anew is asked.
        var stepUp = plan.Requirements.Where(r => r.Authentication is not null).SelectMany(r => r.Approvers.Select(a => (Approver: a, r.Stage))).ToHashSet();
        var decisions = plan.Requirements
            .SelectMany(r => r.Approvers.Where(standing.ContainsKey).Select(a => (Approver: a, r.Stage)))
            .Distinct()
            .Where(s => !stepUp.Contains(s))
            .Select(s => new RecordedDecision(s.Approver, true, now, "standing decision", standing[s.Approver].Id, s.Stage))
            .ToImmutableArray();
        var state = Quorum.Settle(DeferralState.Create(new DeferralStart(request, plan, InitialDecisions: decisions), now), now);
        return state.Status == DeferralStatus.Approved
            ? (decisions, Quorum.Evidence(state, $"standing-{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))}"))
            : (decisions, null);
    }
}
