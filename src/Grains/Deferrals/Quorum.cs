using System.Collections.Immutable;

namespace DeferredOrleans.Deferrals;

/// <summary>
/// Decisions and quorum, as pure functions: K of N distinct approvers per requirement, every requirement needed,
/// one denial vetoes where the requirement says so, and a quorum that can no longer be reached is a denial.
/// </summary>
public static class Quorum
{
    public static (DecisionOutcome Outcome, DeferralState State) Apply(DeferralState state, ApproverDecision decision, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return (Outcome(DecisionResult.NotRouted, state), state);
        }

        // Separation of duties: the subject never decides on its own request unless policy allows it.
        if (!state.Plan.AllowSelfApproval && string.Equals(decision.ApproverId, state.Request.Subject, StringComparison.Ordinal))
        {
            return (Outcome(DecisionResult.SelfApprovalForbidden, state), state);
        }

        if (!state.IsRoutedTo(decision.ApproverId))
        {
            return (Outcome(DecisionResult.NotRouted, state), state);
        }

        if (state.StatusAt(now) != DeferralStatus.Pending)
        {
            return (Outcome(DecisionResult.NotPending, state, now), state);
        }

        if (state.Decisions.Any(d => string.Equals(d.ApproverId, decision.ApproverId, StringComparison.Ordinal)))
        {
            return (Outcome(DecisionResult.AlreadyDecided, state), state);
        }

        var scopes = state.GrantedScopes;
        var details = state.GrantedAuthorizationDetails;
        if (decision.Approve && !Narrowing.TryApply(state.GrantedScopes, state.GrantedAuthorizationDetails, decision.Scopes, decision.AuthorizationDetails, out scopes, out details))
        {
            return (Outcome(DecisionResult.Broadened, state), state);
        }

        var decided = state with
        {
            Decisions = state.Decisions.Add(new RecordedDecision(decision.ApproverId, decision.Approve, now, decision.Reason)),
            GrantedScopes = scopes,
            GrantedAuthorizationDetails = details,
        };
        var next = Settle(decided, now);
        return (Outcome(DecisionResult.Recorded, next), next);
    }

    /// <summary>Derives the status from the decisions (and the subject's interaction, where required).</summary>
    public static DeferralState Settle(DeferralState state, DateTimeOffset now)
    {
        var status = Resolve(state);
        return state with { Status = status, ResolvedAt = status == DeferralStatus.Pending ? null : now };
    }

    public static ImmutableArray<RequirementProgress> Progress(DeferralState state) =>
        state.Exists ? [.. state.Plan.Requirements.Select(r => Progress(r, state.Decisions))] : [];

    /// <summary>
    /// Opaque progress for a pending poll's error_description (dtr-reference.md check 63), naming the first
    /// unsatisfied step and never a person.
    /// </summary>
    public static string? Describe(DeferralState state)
    {
        var open = Progress(state).FirstOrDefault(p => !p.IsSatisfied);
        return open is null ? null : $"step={open.Name};approved={open.Approved};required={open.Required}";
    }

    /// <summary>The evidence for an approved deferral's token (dtr-reference.md (d) Q12).</summary>
    public static ApprovalEvidence Evidence(DeferralState state, string approvalId)
    {
        if (!state.Exists || state.Status is not (DeferralStatus.Approved or DeferralStatus.Redeemed) || state.ResolvedAt is not { } approvedAt)
        {
            throw new InvalidOperationException("Only an approved deferral has approval evidence.");
        }

        var requirements = state.Plan.Requirements;
        if (requirements.IsEmpty)
        {
            // Interaction only: the subject confirmed, nobody else was asked.
            return new ApprovalEvidence(approvalId, state.Plan.Rule, approvedAt, approvedAt + state.Plan.ApprovalLifetime, "subject_interaction", 0, 0, 0, []);
        }

        var eligible = state.RoutedApprovers().ToHashSet(StringComparer.Ordinal);
        var approvers = state.Decisions
            .Where(d => d.Approve && eligible.Contains(d.ApproverId))
            .Select(d => d.ApproverId)
            .ToImmutableArray();
        return new ApprovalEvidence(
            approvalId,
            state.Plan.Rule,
            approvedAt,
            approvedAt + state.Plan.ApprovalLifetime,
            Method(requirements),
            requirements.Sum(r => r.Quorum),
            eligible.Count,
            approvers.Length,
            approvers);
    }

    private static DeferralStatus Resolve(DeferralState state)
    {
        var progress = state.Plan!.Requirements.Select(r => (Requirement: r, Progress: Progress(r, state.Decisions))).ToList();
        var denied = progress.Any(p =>
            (p.Requirement.Veto && p.Progress.Denied > 0) ||
            p.Progress.Of - p.Progress.Denied < p.Progress.Required);
        if (denied)
        {
            return DeferralStatus.Denied;
        }

        return progress.All(p => p.Progress.IsSatisfied) && !state.AwaitingInteraction ? DeferralStatus.Approved : DeferralStatus.Pending;
    }

    private static RequirementProgress Progress(ApprovalRequirement requirement, ImmutableArray<RecordedDecision> decisions)
    {
        var approved = 0;
        var denied = 0;
        foreach (var decision in decisions)
        {
            if (!requirement.Approvers.Contains(decision.ApproverId, StringComparer.Ordinal))
            {
                continue;
            }

            if (decision.Approve)
            {
                approved++;
            }
            else
            {
                denied++;
            }
        }

        return new RequirementProgress(requirement.Name, requirement.Route, requirement.Quorum, requirement.Approvers.Length, approved, denied);
    }

    private static string Method(ImmutableArray<ApprovalRequirement> requirements)
    {
        if (requirements.Length != 1)
        {
            return "multi_party";
        }

        var only = requirements[0];
        return only switch
        {
            { Quorum: > 1 } => "quorum",
            { Route: ApprovalRoute.ResourceOwner } => "resource_owner",
            { Route: ApprovalRoute.Group } => "group",
            _ => "named_approver",
        };
    }

    private static DecisionOutcome Outcome(DecisionResult result, DeferralState state, DateTimeOffset? now = null) =>
        new(result, now is { } at ? state.StatusAt(at) : state.Status, Progress(state));
}
