using System.Collections.Frozen;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.Core.Organization;

/// <summary>A validated, read-only snapshot of the directory.</summary>
public sealed class OrganizationDirectory
{
    private readonly FrozenDictionary<string, DirectoryUser> _users;
    private readonly FrozenDictionary<string, string[]> _groups;
    private readonly FrozenDictionary<string, string> _exactOwners;
    private readonly ResourceOwnership[] _patternOwners;
    private readonly Delegation[] _delegations;

    private OrganizationDirectory(DirectoryOptions options)
    {
        Options = options;
        _delegations = [.. options.Delegations];
        _users = options.Users.ToFrozenDictionary(u => u.Id, StringComparer.Ordinal);
        _groups = options.Groups.ToFrozenDictionary(g => g.Id, g => g.Members.Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _exactOwners = options.Resources.Where(r => !r.Pattern.Contains('*', StringComparison.Ordinal))
            .GroupBy(r => r.Pattern, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().Owner, StringComparer.Ordinal);
        _patternOwners = [.. options.Resources.Where(r => r.Pattern.Contains('*', StringComparison.Ordinal))];
    }

    public IEnumerable<DirectoryUser> Users => _users.Values;

    /// <summary>The options this snapshot was built from.</summary>
    public DirectoryOptions Options { get; }

    /// <summary>Builds the snapshot, or explains every problem in the configuration.</summary>
    public static OrganizationDirectory From(DirectoryOptions options)
    {
        var problems = new List<string>();
        foreach (var user in options.Users.Where(u => string.IsNullOrWhiteSpace(u.Id)))
        {
            problems.Add("a user has no id");
        }

        foreach (var duplicate in options.Users.GroupBy(u => u.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"user '{duplicate.Key}' is defined more than once");
        }

        var ids = options.Users.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var group in options.Groups)
        {
            if (string.IsNullOrWhiteSpace(group.Id))
            {
                problems.Add("a group has no id");
            }

            problems.AddRange(group.Members.Where(m => !ids.Contains(m)).Select(m => $"group '{group.Id}' names unknown member '{m}'"));
        }

        foreach (var user in options.Users.Where(u => u.Manager is not null && !ids.Contains(u.Manager)))
        {
            problems.Add($"user '{user.Id}' names unknown manager '{user.Manager}'");
        }

        foreach (var delegation in options.Delegations)
        {
            if (!ids.Contains(delegation.From) || !ids.Contains(delegation.To) || delegation.From == delegation.To)
            {
                problems.Add($"delegation '{delegation.Id}' needs two different known users (from '{delegation.From}' to '{delegation.To}')");
            }

            if (delegation.Starts >= delegation.Ends)
            {
                problems.Add($"delegation '{delegation.Id}' ends before it starts");
            }
        }

        foreach (var duplicate in options.Delegations.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1 || string.IsNullOrWhiteSpace(g.Key)))
        {
            problems.Add($"delegation ids must be present and unique ('{duplicate.Key}')");
        }

        foreach (var resource in options.Resources)
        {
            if (string.IsNullOrWhiteSpace(resource.Pattern))
            {
                problems.Add("a resource ownership has no pattern");
            }

            if (!ids.Contains(resource.Owner))
            {
                problems.Add($"resource '{resource.Pattern}' names unknown owner '{resource.Owner}'");
            }
        }

        return problems.Count == 0
            ? new OrganizationDirectory(options)
            : throw new ConfigurationProblemException("directory", problems);
    }

    public DirectoryUser? FindUser(string id) => _users.GetValueOrDefault(id);

    public IReadOnlyList<string>? MembersOf(string group) => _groups.GetValueOrDefault(group);

    public string? ManagerOf(string user) => _users.GetValueOrDefault(user)?.Manager;

    public bool HasRole(string user, string role) => _users.GetValueOrDefault(user)?.Roles.Contains(role, StringComparer.Ordinal) == true;

    /// <summary>
    /// Who decides for <paramref name="user"/> now on a request for these resources and scopes: the delegate of an
    /// active delegation that covers all of them, or null when the user decides themself.
    /// </summary>
    public Delegation? ActiveDelegation(string user, IReadOnlyCollection<string> resources, IReadOnlyCollection<string> scopes, DateTimeOffset now) =>
        Array.Find(_delegations, d =>
            d.From == user &&
            (d.Starts is null || d.Starts <= now) && (d.Ends is null || now < d.Ends) &&
            (d.Resources.Count == 0 || (resources.Count > 0 && resources.All(r => Glob.IsMatchAny(d.Resources, r)))) &&
            (d.Scopes.Count == 0 || (scopes.Count > 0 && scopes.All(s => Glob.IsMatchAny(d.Scopes, s)))));

    public bool HasGroup(string group) => _groups.ContainsKey(group);

    /// <summary>The owner of a resource: an exact entry first, then the first matching pattern.</summary>
    public string? OwnerOf(string resource) =>
        _exactOwners.TryGetValue(resource, out var owner)
            ? owner
            : Array.Find(_patternOwners, r => Glob.IsMatch(r.Pattern, resource))?.Owner;
}
