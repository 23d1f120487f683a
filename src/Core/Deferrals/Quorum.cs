using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// Decisions and quorum, as pure functions: K of N distinct approvers per requirement, every requirement needed,
/// stages opening one after another, one denial vetoing where the requirement says so, and a quorum that can no
/// longer be reached is a denial. A decision counts only in the stage that was open when it was made.
/// </summary>
public static class Quorum
{
    public static (DecisionOutcome Outcome, DeferralState State) Apply(DeferralState state, ApproverDecision decision, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return (Outcome(DecisionResult.NotRouted, state, now), state);
        }

        // Separation of duties: the subject never decides on its own request unless policy allows it, or the request
        // asks for the subject's own consent (CIBA Core §7.1), which then counts only there.
        if (!state.Plan.AllowSelfApproval && string.Equals(decision.ApproverId, state.Request.Subject, StringComparison.Ordinal) &&
            !state.Plan.Requirements.Any(r => r.Route == ApprovalRoute.Subject))
        {
            return (Outcome(DecisionResult.SelfApprovalForbidden, state, now), state);
        }

        if (!state.IsRoutedTo(decision.ApproverId, now))
        {
            return (Outcome(DecisionResult.NotRouted, state, now), state);
        }

        // An approver who already decided hears that first, even when the request has since been resolved.
        var pending = state.StatusAt(now) == DeferralStatus.Pending;
        var stage = ActiveStage(state, now);
        var decidedBefore = state.Decisions.Where(d => string.Equals(d.ApproverId, decision.ApproverId, StringComparison.Ordinal)).ToList();
        if (decidedBefore.Exists(d => !pending || d.Stage == stage))
        {
            return (Outcome(DecisionResult.AlreadyDecided, state, now), state);
        }

        if (!pending)
        {
            return (Outcome(DecisionResult.NotPending, state, now), state);
        }

        // Decided in an earlier stage: a later one counts them only where its rule lets the same people decide again.
        if (decidedBefore.Count > 0 && !state.Plan.Requirements.Any(r => r.Stage == stage && state.Eligible(r, now).Contains(decision.ApproverId, StringComparer.Ordinal)))
        {
            return (Outcome(DecisionResult.AlreadyDecided, state, now), state);
        }

        // Step-up: the rule asks its approvers to have signed in a certain way, recently; a denial never needs it
        // (refusing access is always safe, and a stolen password can then only refuse).
        if (decision.Approve && StepUp.Unmet(state, decision.ApproverId, decision.Authentication, now) is { } stepUp)
        {
            return (Outcome(DecisionResult.StepUpRequired, state, now) with { StepUp = stepUp }, state);
        }

        var scopes = state.GrantedScopes;
        var details = state.GrantedAuthorizationDetails;
        if (decision.Approve && !Narrowing.TryApply(state.GrantedScopes, state.GrantedAuthorizationDetails, decision.Scopes, decision.AuthorizationDetails, out scopes, out details))
        {
            return (Outcome(DecisionResult.Broadened, state, now), state);
        }

        var decided = state with
        {
            Decisions = state.Decisions.Add(new RecordedDecision(decision.ApproverId, decision.Approve, now, decision.Reason, Stage: stage, WorkflowRef: decision.WorkflowRef, ApprovedUntil: decision.ApprovedUntil, Authentication: decision.Authentication)),
            GrantedScopes = scopes,
            GrantedAuthorizationDetails = details,
        };
        var next = Settle(decided, now);
        return (Outcome(DecisionResult.Recorded, next, now), next);
    }

    /// <summary>
    /// Derives the status from the decisions (and the subject's interaction, where required) and opens the stages
    /// whose predecessors are now approved.
    /// </summary>
    public static DeferralState Settle(DeferralState state, DateTimeOffset now)
    {
        var status = Resolve(state, now);
        var opened = state.StagesOpenedAt;
        if (status == DeferralStatus.Pending)
        {
            var active = ActiveStage(state, now);
            while (opened.Length <= active)
            {
                opened = opened.Add(now);
            }

            // A stage that opens already out of reach (everyone left decided in an earlier stage) denies now.
            if (opened.Length > state.StagesOpenedAt.Length)
            {
                status = Resolve(state with { StagesOpenedAt = opened }, now);
            }
        }

        return state with { Status = status, ResolvedAt = status == DeferralStatus.Pending ? null : now, StagesOpenedAt = opened };
    }

    /// <summary>The first stage with an unsatisfied requirement (the last stage when all are satisfied).</summary>
    public static int ActiveStage(DeferralState state, DateTimeOffset now)
    {
        if (!state.Exists || state.Plan.Requirements.IsEmpty)
        {
            return 0;
        }

        var open = state.Plan.Requirements
            .Where(r => !Progress(state, r, now).IsSatisfied)
            .Select(r => r.Stage)
            .DefaultIfEmpty(state.Plan.Requirements.Max(r => r.Stage));
        return open.Min();
    }

    public static ImmutableArray<RequirementProgress> Progress(DeferralState state, DateTimeOffset now) =>
        state.Exists ? [.. state.Plan.Requirements.Select(r => Progress(state, r, now))] : [];

    /// <summary>
    /// Opaque progress for a pending poll's error_description (draft-ietf-oauth-deferred-token-response-01 §9.3;
    /// check 63 of docs/conformance.md), naming the first unsatisfied step and never a person.
    /// </summary>
    public static string? Describe(DeferralState state, DateTimeOffset now)
    {
        var open = Progress(state, now).Where(p => p.Open).FirstOrDefault(p => !p.IsSatisfied);
        return open is null ? null : $"step={open.Name};approved={open.Approved};required={open.Required}";
    }

    /// <summary>The evidence for an approved deferral's token: this project's <c>approval</c> claim.</summary>
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

        var counted = requirements
            .SelectMany(r => Counted(state, r, approvedAt).Where(d => d.Approve).Select(d => (Requirement: r, Decision: d)))
            .ToList();
        var approvers = counted.Select(c => c.Decision.ApproverId).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var delegations = counted.Where(c => c.Requirement.OnBehalfOf is not null)
            .Select(c => new DelegatedApproval(c.Decision.ApproverId, c.Requirement.OnBehalfOf!))
            .Distinct()
            .ToImmutableArray();
        var standing = counted.Select(c => c.Decision.StandingDecisionId).OfType<string>().Distinct(StringComparer.Ordinal).ToImmutableArray();
        var workflows = counted.Select(c => c.Decision.WorkflowRef).OfType<string>().Distinct(StringComparer.Ordinal).ToImmutableArray();
        var eligible = requirements.SelectMany(r => state.Eligible(r, approvedAt)).Distinct(StringComparer.Ordinal).Count();
        var allWorkflow = counted.Count > 0 && counted.All(c => c.Decision.WorkflowRef is not null);

        // How each approver was authenticated for their approval, in the order of approvers (their decisions in
        // several stages or requirements together).
        var methods = approvers.Select(a => counted.Where(c => c.Decision.ApproverId == a)
                .SelectMany(c => c.Decision.Authentication?.Methods ?? [])
                .Distinct(StringComparer.Ordinal)
                .ToImmutableArray())
            .ToImmutableArray();
        return new ApprovalEvidence(
            approvalId,
            state.Plan.Rule,
            approvedAt,
            ApprovedUntil(state, approvedAt),
            allWorkflow ? "workflow" : Method(requirements, standing.Length == approvers.Length),
            requirements.Sum(r => r.Quorum),
            eligible,
            approvers.Length,
            approvers,
            delegations.IsEmpty ? null : delegations,
            standing.IsEmpty ? null : standing,
            workflows.IsEmpty ? null : workflows,
            methods);
    }

    /// <summary>
    /// When an approval given at <paramref name="approvedAt"/> stops being valid: the rule's approval lifetime,
    /// cut to the earliest expiry a workflow gave with its approval (AROP: tokens never outlive <c>approved_until</c>).
    /// </summary>
    public static DateTimeOffset ApprovedUntil(DeferralState state, DateTimeOffset approvedAt)
    {
        var until = approvedAt + state.Plan!.ApprovalLifetime;
        foreach (var limit in state.Decisions.Where(d => d.Approve).Select(d => d.ApprovedUntil).OfType<DateTimeOffset>())
        {
            until = limit < until ? limit : until;
        }

        return until;
    }

    private static DeferralStatus Resolve(DeferralState state, DateTimeOffset now)
    {
        var progress = state.Plan!.Requirements.Select(r => (Requirement: r, Progress: Progress(state, r, now))).ToList();
        var denied = progress.Any(p => p.Progress.Open &&
            ((p.Requirement.Veto && p.Progress.Denied > 0) || p.Progress.Of - p.Progress.Denied < p.Progress.Required));
        if (denied)
        {
            return DeferralStatus.Denied;
        }

        return progress.All(p => p.Progress.IsSatisfied) && !state.AwaitingInteraction ? DeferralStatus.Approved : DeferralStatus.Pending;
    }

    private static RequirementProgress Progress(DeferralState state, ApprovalRequirement requirement, DateTimeOffset now)
    {
        var decisions = Counted(state, requirement, now).ToList();
        return new RequirementProgress(
            requirement.Name,
            requirement.Route,
            requirement.Quorum,
            state.Eligible(requirement, now).Count(),
            decisions.Count(d => d.Approve),
            decisions.Count(d => !d.Approve),
            requirement.Stage,
            state.IsOpen(requirement.Stage),
            state.IsEscalated(requirement, now));
    }

    /// <summary>The decisions that count for a requirement: made in its stage by someone eligible for it.</summary>
    private static IEnumerable<RecordedDecision> Counted(DeferralState state, ApprovalRequirement requirement, DateTimeOffset now)
    {
        var eligible = state.Eligible(requirement, now).ToHashSet(StringComparer.Ordinal);
        return state.Decisions.Where(d => d.Stage == requirement.Stage && eligible.Contains(d.ApproverId));
    }

    private static string Method(ImmutableArray<ApprovalRequirement> requirements, bool allStanding)
    {
        if (allStanding)
        {
            return "standing_decision";
        }

        if (requirements.Length != 1)
        {
            return "multi_party";
        }

        var only = requirements[0];
        return only switch
        {
            { Quorum: > 1 } => "quorum",
            { Route: ApprovalRoute.ResourceOwner } => "resource_owner",
            { Route: ApprovalRoute.Delegate } => "delegate",
            { Route: ApprovalRoute.Manager } => "manager",
            { Route: ApprovalRoute.Workflow } => "workflow",
            { Route: ApprovalRoute.Subject } => "subject_consent",
            { Route: ApprovalRoute.Group } => "group",
            _ => "named_approver",
        };
    }

    private static DecisionOutcome Outcome(DecisionResult result, DeferralState state, DateTimeOffset now) =>
        new(result, state.StatusAt(now), Progress(state, now));
}
