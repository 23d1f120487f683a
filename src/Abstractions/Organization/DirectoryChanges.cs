namespace DeferredOrleans.Abstractions.Organization;

/// <summary>
/// Changes to the configured directory: entries added or replaced (by id, or pattern for resources) and ids
/// removed. Applying them to the configuration gives the live directory.
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.DirectoryChanges")]
public sealed class DirectoryChanges
{
    /// <summary>Incremented by every stored change (optimistic concurrency).</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>Entries added, or replacing configured ones with the same id (pattern for resources).</summary>
    [Id(1)] public DirectoryOptions Upserted { get; set; } = new();

    /// <summary>Ids of users removed.</summary>
    [Id(2)] public List<string> RemovedUsers { get; set; } = [];

    /// <summary>Ids of groups removed.</summary>
    [Id(3)] public List<string> RemovedGroups { get; set; } = [];

    /// <summary>Patterns of resource ownerships removed.</summary>
    [Id(4)] public List<string> RemovedResources { get; set; } = [];

    /// <summary>Ids of delegations removed.</summary>
    [Id(5)] public List<string> RemovedDelegations { get; set; } = [];

    /// <summary>The configured directory with these changes applied.</summary>
    public DirectoryOptions ApplyTo(DirectoryOptions configured) => new()
    {
        Users = Merge(configured.Users, Upserted.Users, RemovedUsers, u => u.Id),
        Groups = Merge(configured.Groups, Upserted.Groups, RemovedGroups, g => g.Id),
        Resources = Merge(configured.Resources, Upserted.Resources, RemovedResources, r => r.Pattern),
        Delegations = Merge(configured.Delegations, Upserted.Delegations, RemovedDelegations, d => d.Id),
    };

    private static List<T> Merge<T>(List<T> configured, List<T> upserted, List<string> removed, Func<T, string> key)
    {
        var changed = upserted.Select(key).Concat(removed).ToHashSet(StringComparer.Ordinal);
        return [.. configured.Where(c => !changed.Contains(key(c))), .. upserted];
    }
}
