using System.Collections.Immutable;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy.Conditions;

namespace DeferredOrleans.Core.Policy;

/// <summary>One compiled rule.</summary>
internal sealed class PolicyRule(PolicyRuleOptions options, PolicyOutcome outcome, Condition? when)
{
    public const string MissingMatches = "match";
    public const string MissingDoesNotMatch = "no-match";

    /// <summary>The risk signals the rule's condition reads (<c>risk.score</c> is <c>["risk", "score"]</c>).</summary>
    private readonly string[][] _riskPaths = [.. RiskPaths(when)];

    /// <summary>Whether the rule matches when a risk signal it reads is missing: fails closed unless it allows.</summary>
    private readonly bool _matchesWhenMissing = options.WhenMissing is { } missing ? missing == MissingMatches : outcome != PolicyOutcome.Allow;

    public string Name => options.Name;

    public PolicyOutcome Outcome => outcome;

    public PolicyRuleOptions Options => options;

    /// <summary>The stages of a deferring rule: <see cref="PolicyRuleOptions.Stages"/>, or the single top-level route.</summary>
    public IReadOnlyList<StageOptions> Stages => options.Stages.Count > 0
        ? options.Stages
        : options.Approvers is null
            ? []
            : [new StageOptions { Approvers = options.Approvers, Quorum = options.Quorum, Veto = options.Veto, EscalateAfter = options.EscalateAfter, EscalateTo = options.EscalateTo }];

    /// <summary>The step-up every approval under this rule needs, or null.</summary>
    public AuthenticationRequirement? Authentication { get; } = options.ApproverAuthentication is { } step
        ? new AuthenticationRequirement([.. step.Methods], step.MaxAge is { } seconds ? TimeSpan.FromSeconds(seconds) : null)
        : null;

    public bool Matches(TokenRequestFacts facts, RequestItem item, JsonObject? risk)
    {
        var match = options.Match;
        if (!MatchesAll(match.Clients, facts.ClientId) || !MatchesAll(match.GrantTypes, facts.GrantType) || !MatchesAll(match.Subjects, facts.Subject))
        {
            return false;
        }

        if (match.Resources.Count > 0 && (facts.Resources.IsEmpty || !facts.Resources.All(r => Glob.IsMatchAny(match.Resources, r))))
        {
            return false;
        }

        var itemMatches = (match.Scopes.Count == 0 && match.AuthorizationDetailTypes.Count == 0) || item.Kind switch
        {
            RequestItemKind.Scope => Glob.IsMatchAny(match.Scopes, item.Value),
            RequestItemKind.AuthorizationDetail => Glob.IsMatchAny(match.AuthorizationDetailTypes, item.Value),
            _ => false,
        };
        if (!itemMatches || when is null)
        {
            return itemMatches;
        }

        // Risk signals come only from a trusted source; one the condition needs and the request lacks is not "null"
        // but unknown, and the rule says what unknown means (WhenMissing) instead of the comparison.
        var context = new RuleConditionContext(facts, item.Detail, item.Kind == RequestItemKind.Scope ? item.Value : null, risk);
        return Array.Exists(_riskPaths, p => risk is null || (p.Length > 1 && context.Resolve(p) is null))
            ? _matchesWhenMissing
            : when.IsTrue(context);
    }

    /// <summary>The risk signals a condition reads.</summary>
    public static IEnumerable<string[]> RiskPaths(Condition? condition) =>
        condition?.Paths().Where(p => p.Length > 0 && p[0] == "risk") ?? [];

    /// <summary>The approval requirements of a deferring rule for this request, or why nobody can approve it.</summary>
    public (ImmutableArray<ApprovalRequirement> Requirements, PolicyDecision.Denied? Denial) Route(TokenRequestFacts facts, OrganizationDirectory directory)
    {
        var requirements = ImmutableArray.CreateBuilder<ApprovalRequirement>();
        for (var stage = 0; stage < Stages.Count; stage++)
        {
            var (routed, denial) = RouteStage(Stages[stage], stage, facts, directory);
            if (denial is not null)
            {
                return ([], denial);
            }

            requirements.AddRange(routed);
        }

        // Stages that need distinct people need at least as many people as approvals: refuse now rather than open a
        // stage nobody is left to approve.
        if (options.DistinctStageApprovers && Stages.Count > 1 &&
            requirements.SelectMany(r => r.Approvers.Concat(r.EscalationApprovers ?? [])).Distinct(StringComparer.Ordinal).Count() < requirements.Sum(r => r.Quorum))
        {
            return ([], Deny(DenialReason.NoEligibleApprover, "no eligible approver is available for this request"));
        }

        return (requirements.ToImmutable(), null);
    }

    private (IEnumerable<ApprovalRequirement> Requirements, PolicyDecision.Denied? Denial) RouteStage(StageOptions stage, int index, TokenRequestFacts facts, OrganizationDirectory directory)
    {
        var route = stage.Approvers!;
        var escalateAfter = stage.EscalateAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var requirements = new List<ApprovalRequirement>();
        if (route.ResourceOwner)
        {
            var owners = facts.Resources.Select(directory.OwnerOf).ToList();
            if (owners.Count == 0 || owners.Contains(null))
            {
                return ([], Deny(DenialReason.Target, "no owner is known for the requested resource"));
            }

            requirements.AddRange(owners.Distinct(StringComparer.Ordinal).Select(owner => Person(owner!, ApprovalRoute.ResourceOwner, stage.Name ?? "owner")));
        }
        else if (route.Manager)
        {
            if (directory.ManagerOf(facts.Subject) is not { } manager)
            {
                return ([], Deny(DenialReason.NoEligibleApprover, "no eligible approver is available for this request"));
            }

            requirements.Add(Person(manager, ApprovalRoute.Manager, stage.Name ?? "manager"));
        }
        else
        {
            var (via, members) = route.Group is { } group
                ? (ApprovalRoute.Group, directory.MembersOf(group) ?? [])
                : (ApprovalRoute.NamedApprovers, (IReadOnlyList<string>)route.Users);
            var name = stage.Name ?? (stage.Quorum > 1 ? "quorum" : via == ApprovalRoute.Group ? "group" : "approver");
            requirements.Add(members.Count == 1 && stage.Quorum == 1
                ? Person(members[0], via, name)
                : Requirement(name, via, members, stage.Quorum, null));
        }

        return requirements.Any(r => r.Approvers.Length < r.Quorum)
            ? ([], Deny(DenialReason.NoEligibleApprover, "no eligible approver is available for this request"))
            : (requirements, null);

        // One person's approval; while they are away, their active delegate's (check 65 of docs/conformance.md).
        ApprovalRequirement Person(string person, ApprovalRoute via, string step) =>
            directory.ActiveDelegation(person, facts.Resources, facts.Scopes, facts.Now) is { } delegation
                ? Requirement(step, ApprovalRoute.Delegate, [delegation.To], 1, person)
                : Requirement(step, via, [person], 1, null);

        ApprovalRequirement Requirement(string step, ApprovalRoute via, IEnumerable<string> candidates, int quorum, string? onBehalfOf)
        {
            var approvers = Eligible(candidates);
            var next = stage.EscalateTo is { } escalation ? Eligible(Escalation(escalation, approvers, facts, directory)).Except(approvers).ToImmutableArray() : (ImmutableArray<string>?)null;
            return new ApprovalRequirement(step, via, approvers, quorum, stage.Veto, index, escalateAfter, next, onBehalfOf, !options.DistinctStageApprovers, Authentication);
        }

        // Separation of duties: the subject never counts toward its own approval unless the rule allows it.
        ImmutableArray<string> Eligible(IEnumerable<string> candidates) =>
            [.. candidates.Distinct(StringComparer.Ordinal).Where(a => options.AllowSelfApproval || a != facts.Subject)];
    }

    private static IEnumerable<string> Escalation(ApproverRouteOptions route, ImmutableArray<string> approvers, TokenRequestFacts facts, OrganizationDirectory directory) => route switch
    {
        { Manager: true } => approvers.Select(directory.ManagerOf).OfType<string>(),
        { Group: { } group } => directory.MembersOf(group) ?? [],
        { ResourceOwner: true } => facts.Resources.Select(directory.OwnerOf).OfType<string>(),
        _ => route.Users,
    };

    private PolicyDecision.Denied Deny(DenialReason reason, string description) => new([Name], reason, description);

    private static bool MatchesAll(List<string> patterns, string value) => patterns.Count == 0 || Glob.IsMatchAny(patterns, value);
}

internal enum PolicyOutcome
{
    Allow,
    Deny,
    Defer,
}

internal enum RequestItemKind
{
    None,
    Scope,
    AuthorizationDetail,
}

/// <summary>One thing a request asks for: a scope, an authorization_details object (by its type), or nothing at all.</summary>
internal readonly record struct RequestItem(RequestItemKind Kind, string Value, JsonObject? Detail = null, int Index = 0)
{
    public override string ToString() => Kind switch
    {
        RequestItemKind.Scope => $"scope {Value}",
        RequestItemKind.AuthorizationDetail => $"authorization_details[{Index}] {Value}",
        _ => "(no scope)",
    };
}
