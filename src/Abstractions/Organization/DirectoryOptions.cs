namespace DeferredOrleans.Abstractions.Organization;

/// <summary>
/// The directory as configured (section <c>DeferredOrleans:Directory</c>): people, groups, who manages whom, who owns
/// what, and who stands in for whom. The admin API changes it at runtime; those changes are kept durably and laid
/// over this configuration.
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.DirectoryOptions")]
public sealed class DirectoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DeferredOrleans:Directory";

    /// <summary>People and machine approvers.</summary>
    [Id(0)] public List<DirectoryUser> Users { get; set; } = [];

    /// <summary>Named groups of users, for group and quorum routes.</summary>
    [Id(1)] public List<DirectoryGroup> Groups { get; set; } = [];

    /// <summary>Resource patterns and their owners; the first matching pattern wins, exact names before patterns.</summary>
    [Id(2)] public List<ResourceOwnership> Resources { get; set; } = [];

    /// <summary>Who approves for whom, when, and for what (e.g. the manager while an IC is on vacation).</summary>
    [Id(3)] public List<Delegation> Delegations { get; set; } = [];
}
