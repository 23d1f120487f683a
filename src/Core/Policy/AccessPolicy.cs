using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy.Conditions;

namespace DeferredOrleans.Core.Policy;

/// <summary>
/// The compiled policy. The server, not the client, decides whether a request is issued, refused, or deferred
/// to whom: every requested item (scope or authorization_details object) is decided by the first rule that matches
/// it, a refusal of any item refuses the request, and a request with deferred items needs every deferring rule's
/// approvers.
/// </summary>
public sealed class AccessPolicy
{
    private const int MaxStages = 5;

    private readonly PolicyRule[] _rules;

    private AccessPolicy(PolicyRule[] rules) => _rules = rules;

    public int RuleCount => _rules.Length;

    internal IReadOnlyList<PolicyRule> Rules => _rules;

    /// <summary>
    /// Compiles the rules, or explains every problem (naming the rule, and its line when <paramref name="lines"/>
    /// gives one per rule) so that a bad policy is never used.
    /// </summary>
    public static AccessPolicy Compile(PolicyOptions options, OrganizationDirectory directory, IReadOnlyList<int>? lines = null)
    {
        var problems = new List<string>();
        var rules = new List<PolicyRule>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var name = string.IsNullOrWhiteSpace(rule.Name) ? $"rule #{i + 1}" : $"rule '{rule.Name}'";
            var label = lines is not null && i < lines.Count ? $"line {lines[i]}: {name}" : name;
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

            Condition? when = null;
            if (rule.When is { } text)
            {
                var (parsed, error) = Condition.Parse(text);
                if (error is not null)
                {
                    problems.Add($"{label} has a When that does not parse: {error}");
                }

                when = parsed;
            }

            problems.AddRange(WhenMissingProblems(rule, when).Select(p => $"{label} {p}"));
            problems.AddRange(ApproverAuthenticationProblems(rule, outcome).Select(p => $"{label} {p}"));

            if (problems.Count == before)
            {
                rules.Add(new PolicyRule(rule, outcome!.Value, when));
            }
        }

        return problems.Count == 0 ? new AccessPolicy([.. rules]) : throw new ConfigurationProblemException("policy", problems);
    }

    public PolicyDecision Evaluate(TokenRequestFacts facts, OrganizationDirectory directory)
    {
        var risk = ParseObject(facts.RiskSignals);
        var decided = Items(facts).Select(item => (Item: item, Rule: Array.Find(_rules, r => r.Matches(facts, item, risk)))).ToList();
        var names = decided.Where(d => d.Rule is not null).Select(d => d.Rule!.Name).Distinct().ToImmutableArray();
        var items = decided.Select(d => new ItemDecision(d.Item.ToString(), d.Rule?.Name, d.Rule?.Outcome.ToString().ToLowerInvariant() ?? "deny")).ToImmutableArray();
        foreach (var (item, rule) in decided)
        {
            if (rule is null || rule.Outcome == PolicyOutcome.Deny)
            {
                return (item.Kind == RequestItemKind.AuthorizationDetail
                    ? new PolicyDecision.Denied(names, DenialReason.AuthorizationDetails, "a requested authorization_details type is not allowed")
                    : new PolicyDecision.Denied(names, DenialReason.Scope, "a requested scope is not allowed")) with { Items = items };
            }
        }

        var deferring = decided.Select(d => d.Rule!).Where(r => r.Outcome == PolicyOutcome.Defer).Distinct().ToList();
        if (deferring.Count == 0)
        {
            return new PolicyDecision.Allowed(names) { Items = items };
        }

        var requirements = ImmutableArray.CreateBuilder<ApprovalRequirement>();
        foreach (var rule in deferring)
        {
            var (routed, denial) = rule.Route(facts, directory);
            if (denial is not null)
            {
                return denial with { Items = items };
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
            deferring.Any(r => r.Options.Interaction)) { Items = items };
    }

    private static IEnumerable<RequestItem> Items(TokenRequestFacts facts)
    {
        var details = ParseArray(facts.AuthorizationDetails);
        if (facts.Scopes.IsEmpty && details.Count == 0)
        {
            return [new RequestItem(RequestItemKind.None, "")];
        }

        return facts.Scopes.Select(s => new RequestItem(RequestItemKind.Scope, s))
            .Concat(details.Select((d, i) => new RequestItem(RequestItemKind.AuthorizationDetail, d["type"]?.GetValue<string>() ?? "", d, i)));
    }

    private static List<JsonObject> ParseArray(string? json)
    {
        try
        {
            return json is not null && JsonNode.Parse(json) is JsonArray array ? [.. array.OfType<JsonObject>()] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static JsonObject? ParseObject(string? json)
    {
        try
        {
            return json is not null ? JsonNode.Parse(json) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<string> WhenMissingProblems(PolicyRuleOptions rule, Condition? when)
    {
        if (rule.WhenMissing is not { } missing)
        {
            yield break;
        }

        if (missing is not (PolicyRule.MissingMatches or PolicyRule.MissingDoesNotMatch))
        {
            yield return $"has WhenMissing '{missing}'; expected {PolicyRule.MissingMatches} or {PolicyRule.MissingDoesNotMatch}";
        }
        else if (rule.When is null || (when is not null && !PolicyRule.RiskPaths(when).Any()))
        {
            yield return "has WhenMissing, but no When that names a risk signal (risk.*)";
        }
    }

    /// <summary>A step-up needs approvers to ask, at least one RFC 8176 method, and a positive age.</summary>
    internal static IEnumerable<string> ApproverAuthenticationProblems(PolicyRuleOptions rule, PolicyOutcome? outcome)
    {
        if (rule.ApproverAuthentication is not { } step)
        {
            yield break;
        }

        if (outcome != PolicyOutcome.Defer || (rule.Approvers is null && rule.Stages.Count == 0))
        {
            yield return "has ApproverAuthentication, but no approvers to ask (it needs Outcome defer with Approvers or Stages)";
        }

        if (step.Methods.Count == 0)
        {
            yield return "has ApproverAuthentication without Methods; name at least one amr value, e.g. [\"hwk\"] for a passkey";
        }

        foreach (var method in step.Methods.Where(m => !IsAmrValue(m)))
        {
            yield return $"has ApproverAuthentication method '{method}'; expected an RFC 8176 amr value such as hwk, mfa or pwd";
        }

        if (step.MaxAge is < 1)
        {
            yield return "has an ApproverAuthentication MaxAge that is not a positive number of seconds";
        }
    }

    /// <summary>RFC 8176 §2: an amr value is a case-sensitive string; here a short token of letters, digits, '-' and '_'.</summary>
    private static bool IsAmrValue(string method) =>
        method.Length is > 0 and <= 32 && method.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static IEnumerable<string> DeferProblems(PolicyRuleOptions rule, OrganizationDirectory directory)
    {
        if (rule.Stages.Count > 0 && rule.Approvers is not null)
        {
            yield return "has both Approvers and Stages; use one";
            yield break;
        }

        if (rule.Stages.Count > MaxStages)
        {
            yield return $"has more than {MaxStages} stages";
        }

        var stages = rule.Stages.Count > 0
            ? rule.Stages
            : rule.Approvers is null ? [] : [new StageOptions { Approvers = rule.Approvers, Quorum = rule.Quorum, EscalateAfter = rule.EscalateAfter, EscalateTo = rule.EscalateTo }];
        if (stages.Count == 0 && !rule.Interaction)
        {
            yield return "must name exactly one approver route (ResourceOwner, Manager, Users or Group), Stages, or ask for Interaction";
        }

        for (var i = 0; i < stages.Count; i++)
        {
            var prefix = rule.Stages.Count > 0 ? $"stage {i + 1} " : "";
            foreach (var problem in StageProblems(stages[i], directory))
            {
                yield return prefix + problem;
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

    private static IEnumerable<string> StageProblems(StageOptions stage, OrganizationDirectory directory)
    {
        if (stage.Approvers is not { } approvers || RouteCount(approvers) != 1)
        {
            yield return "must name exactly one approver route (ResourceOwner, Manager, Users or Group)";
            yield break;
        }

        if (stage.Quorum < 1)
        {
            yield return "needs a quorum of at least 1";
        }

        if ((approvers.ResourceOwner || approvers.Manager) && stage.Quorum != 1)
        {
            yield return "routes to one person (owner or manager), so its quorum must be 1";
        }

        foreach (var user in approvers.Users.Concat(stage.EscalateTo?.Users ?? []).Where(u => directory.FindUser(u) is null))
        {
            yield return $"names unknown approver '{user}'";
        }

        if (approvers.Users.Count > 0 && stage.Quorum > approvers.Users.Distinct().Count())
        {
            yield return "needs more approvals than it names approvers";
        }

        foreach (var group in new[] { approvers.Group, stage.EscalateTo?.Group }.OfType<string>().Where(g => !directory.HasGroup(g)))
        {
            yield return $"names unknown group '{group}'";
        }

        if (approvers.Group is { } known && directory.HasGroup(known) && stage.Quorum > directory.MembersOf(known)!.Count)
        {
            yield return $"needs more approvals than group '{known}' has members";
        }

        if ((stage.EscalateAfter is null) != (stage.EscalateTo is null) || stage.EscalateAfter < 1 || (stage.EscalateTo is { } to && RouteCount(to) != 1))
        {
            yield return "needs EscalateAfter (seconds) and exactly one EscalateTo route together";
        }
    }

    private static int RouteCount(ApproverRouteOptions route) =>
        (route.ResourceOwner ? 1 : 0) + (route.Manager ? 1 : 0) + (route.Users.Count > 0 ? 1 : 0) + (route.Group is null ? 0 : 1);
}
