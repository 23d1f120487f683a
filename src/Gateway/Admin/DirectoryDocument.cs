using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Gateway.Delegations;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>The live directory as admins see it: never a password, token or connector secret.</summary>
public sealed record DirectoryDocument(
    long Version,
    IReadOnlyList<DirectoryUserItem> Users,
    IReadOnlyList<DirectoryGroupItem> Groups,
    IReadOnlyList<ResourceItem> Resources,
    IReadOnlyList<DelegationItem> Delegations)
{
    public static DirectoryDocument From(DirectoryOptions directory, long version) => new(
        version,
        [.. directory.Users.Select(DirectoryUserItem.From)],
        [.. directory.Groups.Select(g => new DirectoryGroupItem(g.Id, g.Members))],
        [.. directory.Resources.Select(r => new ResourceItem(r.Pattern, r.Owner))],
        [.. directory.Delegations.Select(DelegationItem.Of)]);
}
