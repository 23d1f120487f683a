using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Organization;

namespace DeferredOrleans.Gateway.Delegations;

/// <summary>A delegation on the wire: <c>{"id","from","to","starts","ends","resources":[…],"scopes":[…]}</c>.</summary>
public sealed record DelegationItem(
    string Id,
    string From,
    string To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? Starts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? Ends,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Scopes)
{
    public static DelegationItem Of(Delegation delegation) =>
        new(delegation.Id, delegation.From, delegation.To, delegation.Starts?.UtcDateTime, delegation.Ends?.UtcDateTime, delegation.Resources, delegation.Scopes);
}
