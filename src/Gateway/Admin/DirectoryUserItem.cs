using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Organization;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>A directory user: a <c>person</c> (password) or a <c>machine</c> (token or connector).</summary>
/// <param name="Connector">The connector's kind only: never its URL's credentials or its secret.</param>
public sealed record DirectoryUserItem(
    string Id,
    string? Name,
    string? Manager,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Connector,
    IReadOnlyList<string> Roles)
{
    public static DirectoryUserItem From(DirectoryUser user) => new(
        user.Id, user.Name, user.Manager, user.TokenHash is null && user.Connector is null ? "person" : "machine", user.Connector?.Kind, user.Roles);
}
