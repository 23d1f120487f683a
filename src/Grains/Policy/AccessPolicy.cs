using System.Collections.Immutable;
using DeferredOrleans.Deferrals;
using DeferredOrleans.Organization;

namespace DeferredOrleans.Policy;

/// <summary>
/// The compiled policy. The server, not the client, decides whether a request is issued, refused, or deferred
/// to whom: every requested item is decided by the first rule that matches it, a refusal of any item refuses the
/// request, and a request with deferred items needs every deferring rule's approvers.
/// </summary>
public sealed class AccessPolicy
{
    private readonly PolicyRule[] _rules;

    private AccessPolicy(PolicyRule[] rules) => _rules = rules;

    public int RuleCount => _rules.Length;

    /// <summary>Compiles the rules, or explains every problem (naming the rule) so the server refuses to start.</summary>
    public static AccessPolicy Compile(PolicyOptions options, OrganizationDirectory directory)
    {
        var problems = new List<string>();
        var rules = new List<PolicyRule>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var label = string.IsNullOrWhiteSpace(rule.Name) ? $"rule #{i + 1}" : $"rule '{rule.Name}'";
            var before = problems.Count;
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                problems.Add($"{label} has no name");
            }
            else if (options.Rules.Take(i).Any(r => r.Name == rule.Name))
            {
                problems.Add($"{label} is defined more than once");
            }

            var outcome = rule.Outcome.ToUpperInvariant() switch
            {
                "ALLOW" => PolicyOutcome.Allow,
                "DENY" => PolicyOutcome.Deny,
                "DEFER" => PolicyOutcome.Defer,
                _ => (PolicyOutcome?)null,
            };
            if (outcome is null)
            {
                problems.Add($"{label} has outcome '{rule.Outcome}'; expected allow, deny or defer");
            }
            else if (outcome == PolicyOutcome.Defer)
            {
                problems.AddRange(DeferProblems(rule, directory).Select(p => $"{label} {p}"));
            }

            if (problems.Count == before)
            {
                rules.Add(new PolicyRule(rule, outcome!.Value));
            }
        }

        return problems.Count == 0 ? new AccessPolicy([.. rules]) : throw new ConfigurationProblemException("policy", problems);
    }

    public PolicyDecision Evaluate(TokenRequestFacts facts, OrganizationDirectory directory)
    {
        var decided = new List<(RequestItem Item, PolicyRule? Rule)>();
        foreach (var item in Items(facts))
        {
            decided.Add((item, Array.Find(_rules, r => r.Matches(facts, item))));
        }

        var names = decided.Where(d => d.Rule is not null).Select(d => d.Rule!.Name).Distinct().ToImmutableArray();
        foreach (var (item, rule) in decided)
        {
            if (rule is null || rule.Outcome == PolicyOutcome.Deny)
            {
                return item.Kind == RequestItemKind.AuthorizationDetailType
                    ? new PolicyDecision.Denied(names, DenialReason.AuthorizationDetails, "a requested authorization_details type is not allowed")
                    : new PolicyDecision.Denied(names, DenialReason.Scope, "a requested scope is not allowed");
            }
        }

        var deferring = decided.Select(d => d.Rule!).Where(r => r.Outcome == PolicyOutcome.Defer).Distinct().ToList();
        if (deferring.Count == 0)
        {
            return new PolicyDecision.Allowed(names);
        }

        var requirements = ImmutableArray.CreateBuilder<ApprovalRequirement>();
        foreach (var rule in deferring)
        {
            var (routed, denial) = rule.Route(facts, directory);
            if (denial is not null)
            {
                return denial;
            }

            requirements.AddRange(routed);
        }

        return new PolicyDecision.Deferred(
            [.. deferring.Select(r => r.Name)],
            requirements.ToImmutable(),
            TimeSpan.FromSeconds(deferring.Min(r => r.Options.ExpiresIn)),
            deferring.Max(r => r.Options.Interval),
            TimeSpan.FromSeconds(deferring.Min(r => r.Options.ApprovalLifetime)),
            deferring.All(r => r.Options.AllowSelfApproval),
            deferring.Any(r => r.Options.Interaction));
    }

    private static IEnumerable<RequestItem> Items(TokenRequestFacts facts)
    {
        if (facts.Scopes.IsEmpty && facts.AuthorizationDetailTypes.IsEmpty)
        {
            return [new RequestItem(RequestItemKind.None, "")];
        }

        return facts.Scopes.Select(s => new RequestItem(RequestItemKind.Scope, s))
            .Concat(facts.AuthorizationDetailTypes.Distinct().Select(t => new RequestItem(RequestItemKind.AuthorizationDetailType, t)));
    }

    private static IEnumerable<string> DeferProblems(PolicyRuleOptions rule, OrganizationDirectory directory)
    {
        var approvers = rule.Approvers;
        var routes = approvers is null ? 0 : (approvers.ResourceOwner ? 1 : 0) + (approvers.Users.Count > 0 ? 1 : 0) + (approvers.Group is null ? 0 : 1);
        if (routes == 0 && rule.Interaction)
        {
            yield break;
        }

        if (routes != 1)
        {
            yield return "must name exactly one approver route (ResourceOwner, Users or Group), or ask for Interaction";
            yield break;
        }

        if (rule.Quorum < 1)
        {
            yield return "needs a quorum of at least 1";
        }

        if (approvers!.ResourceOwner && rule.Quorum != 1)
        {
            yield return "routes to the resource owner, so its quorum must be 1";
        }

        foreach (var user in approvers.Users.Where(u => directory.FindUser(u) is null))
        {
            yield return $"names unknown approver '{user}'";
        }

        if (approvers.Users.Count > 0 && rule.Quorum > approvers.Users.Distinct().Count())
        {
            yield return "needs more approvals than it names approvers";
        }

        if (approvers.Group is { } group)
        {
            if (!directory.HasGroup(group))
            {
                yield return $"names unknown group '{group}'";
            }
            else if (rule.Quorum > directory.MembersOf(group)!.Count)
            {
                yield return $"needs more approvals than group '{group}' has members";
            }
        }

        if (rule.ExpiresIn < 1 || rule.Interval < 1 || rule.ApprovalLifetime < 1)
        {
            yield return "needs positive ExpiresIn, Interval and ApprovalLifetime";
        }

        if (rule.Interval >= rule.ExpiresIn)
        {
            yield return "has an Interval that is not shorter than ExpiresIn";
        }
    }
}
