using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace DeferredOrleans.Gateway.Token;

/// <summary>The <c>type</c>s of an already validated authorization_details array, for the policy.</summary>
public static class AuthorizationDetailTypes
{
    public static ImmutableArray<string> Of(string? authorizationDetails) =>
        authorizationDetails is null || JsonNode.Parse(authorizationDetails) is not JsonArray array
            ? []
            : [.. array.Select(d => d?["type"]?.GetValue<string>()).OfType<string>()];
}
