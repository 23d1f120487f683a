namespace DeferredOrleans.Abstractions.Organization;

/// <summary>
/// The runtime changes to the directory (users, groups, ownership, delegations) made through the admin API, kept
/// durably and laid over the configured directory. One grain (key <c>default</c>).
/// </summary>
[Alias("DeferredOrleans.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The changes, or null when their version is still <paramref name="knownVersion"/>.</summary>
    [Alias("Get")]
    Task<DirectoryChanges?> GetAsync(long knownVersion);

    /// <summary>Replaces the changes if they are still at <paramref name="expectedVersion"/>; durable on return. False on a conflict.</summary>
    [Alias("Set")]
    Task<bool> SetAsync(DirectoryChanges changes, long expectedVersion);
}
