using System.Collections.Immutable;
using DeferredOrleans.Deferrals;
using DeferredOrleans.Organization;

namespace DeferredOrleans.Policy;

/// <summary>One compiled rule.</summary>
internal sealed class PolicyRule(PolicyRuleOptions options, PolicyOutcome outcome)
{
    public string Name => options.Name;

    public PolicyOutcome Outcome => outcome;

    public PolicyRuleOptions Options => options;

    public bool Matches(TokenRequestFacts facts, RequestItem item)
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

        if (match.Scopes.Count == 0 && match.AuthorizationDetailTypes.Count == 0)
        {
            return true;
        }

        return item.Kind switch
        {
            RequestItemKind.Scope => Glob.IsMatchAny(match.Scopes, item.Value),
            RequestItemKind.AuthorizationDetailType => Glob.IsMatchAny(match.AuthorizationDetailTypes, item.Value),
            _ => false,
        };
    }

    /// <summary>The approval requirements of a deferring rule for this request, or why nobody can approve it.</summary>
    public (ImmutableArray<ApprovalRequirement> Requirements, PolicyDecision.Denied? Denial) Route(TokenRequestFacts facts, OrganizationDirectory directory)
    {
        if (options.Approvers is not { } approvers)
        {
            // Interaction only: the subject's confirmation is the whole requirement.
            return ([], null);
        }

        if (approvers.ResourceOwner)
        {
            var owners = facts.Resources.Select(directory.OwnerOf).ToList();
            if (owners.Count == 0 || owners.Contains(null))
            {
                return ([], Deny(DenialReason.Target, "no owner is known for the requested resource"));
            }

            var requirements = owners.Distinct(StringComparer.Ordinal)
                .Select(owner => Requirement("owner", ApprovalRoute.ResourceOwner, [owner!], 1))
                .ToImmutableArray();
            return requirements.Any(r => r.Approvers.IsEmpty)
                ? ([], Deny(DenialReason.NoEligibleApprover, "no eligible approver is available for this request"))
                : (requirements, null);
        }

        var (route, members) = approvers.Group is { } group
            ? (ApprovalRoute.Group, directory.MembersOf(group) ?? [])
            : (ApprovalRoute.NamedApprovers, (IReadOnlyList<string>)approvers.Users);
        var name = options.Quorum > 1 ? "quorum" : route == ApprovalRoute.Group ? "group" : "approver";
        var requirement = Requirement(name, route, members, options.Quorum);
        return requirement.Approvers.Length < requirement.Quorum
            ? ([], Deny(DenialReason.NoEligibleApprover, "no eligible approver is available for this request"))
            : ([requirement], null);

        ApprovalRequirement Requirement(string step, ApprovalRoute via, IEnumerable<string> candidates, int quorum) =>
            new(step, via, [.. candidates.Distinct(StringComparer.Ordinal).Where(a => options.AllowSelfApproval || a != facts.Subject)], quorum, options.Veto);
    }

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
    AuthorizationDetailType,
}

/// <summary>One thing a request asks for: a scope, an authorization_details type, or nothing at all.</summary>
internal readonly record struct RequestItem(RequestItemKind Kind, string Value);
