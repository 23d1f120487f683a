using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Organization;

namespace DeferredOrleans.Core.Policy;

/// <summary>
/// Which directory changes would alter who counts toward a quorum: a rule stage that needs K &gt; 1 approvals is
/// only as strong as the people who can give them, so changing the members of a group it routes (or escalates) to,
/// or removing or replacing one of those people (their credentials, connector or manager), or the resource owners
/// it escalates to, is something one admin must not do alone.
/// </summary>
public static class QuorumGuard
{
    /// <summary>One sentence per change to a quorum's people between <paramref name="before"/> and <paramref name="after"/>; empty when none.</summary>
    public static ImmutableArray<string> Problems(AccessPolicy policy, OrganizationDirectory before, OrganizationDirectory after)
    {
        var problems = new List<string>();
        foreach (var rule in policy.Rules.Where(r => r.Outcome == PolicyOutcome.Defer))
        {
            foreach (var stage in rule.Stages.Where(s => s.Quorum > 1))
            {
                var quorum = $"the {stage.Quorum}-approval quorum of rule '{rule.Name}'";
                var routes = new[] { stage.Approvers, stage.EscalateTo }.OfType<ApproverRouteOptions>().ToList();
                foreach (var group in routes.Select(r => r.Group).OfType<string>().Where(g => !SameMembers(before.MembersOf(g), after.MembersOf(g))))
                {
                    problems.Add($"group '{group}' forms {quorum}");
                }

                if (routes.Any(r => r.ResourceOwner) && !SameOwners(before, after))
                {
                    problems.Add($"resource owners may decide in {quorum}");
                }

                foreach (var person in People(stage, before).Where(p => !SameIdentity(before.FindUser(p), after.FindUser(p))))
                {
                    problems.Add($"user '{person}' counts toward {quorum}");
                }
            }
        }

        return [.. problems.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Everyone who can count toward the stage's quorum: its route's people, those it escalates to, and their managers if it escalates to managers.</summary>
    private static IEnumerable<string> People(StageOptions stage, OrganizationDirectory directory)
    {
        var approvers = Members(stage.Approvers, directory).ToList();
        var escalation = stage.EscalateTo is { Manager: true }
            ? approvers.Select(directory.ManagerOf).OfType<string>()
            : Members(stage.EscalateTo, directory);
        return approvers.Concat(escalation).Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Members(ApproverRouteOptions? route, OrganizationDirectory directory) => route switch
    {
        { Group: { } group } => directory.MembersOf(group) ?? [],
        { Users.Count: > 0 } => route.Users,
        _ => [],
    };

    private static bool SameMembers(IReadOnlyList<string>? before, IReadOnlyList<string>? after) =>
        before is null || after is null ? before == after : before.ToHashSet(StringComparer.Ordinal).SetEquals(after);

    private static bool SameOwners(OrganizationDirectory before, OrganizationDirectory after) =>
        Json(before.Options.Resources.OrderBy(r => r.Pattern, StringComparer.Ordinal)) == Json(after.Options.Resources.OrderBy(r => r.Pattern, StringComparer.Ordinal));

    /// <summary>Whether a person is still the same person: present, with the same credentials, connector and manager.</summary>
    private static bool SameIdentity(DirectoryUser? before, DirectoryUser? after) =>
        before is null || after is null
            ? before == after
            : before.PasswordHash == after.PasswordHash && before.TokenHash == after.TokenHash && before.Manager == after.Manager &&
              Json(before.Connector) == Json(after.Connector);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
