using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeferredOrleans.Core.Policy.Conditions;

/// <summary>
/// What a rule's <c>When</c> can see: <c>client</c>, <c>grant_type</c>, <c>subject</c>, <c>actor</c>, <c>scope</c>
/// (the scope being decided), <c>scopes</c>, <c>resource</c>, <c>resources</c>, <c>time.hour</c>,
/// <c>time.minute</c>, <c>time.weekday</c> (UTC, e.g. "monday"), <c>risk.*</c> (the request's risk signals), and
/// the fields of the authorization_details object being decided, directly (<c>amount</c>,
/// <c>instructedAmount.currency</c>) or as <c>details.*</c>.
/// </summary>
internal sealed class RuleConditionContext(TokenRequestFacts facts, JsonObject? detail, string? scope, JsonObject? risk) : IConditionContext
{
    public object? Resolve(string[] path) => path switch
    {
        ["client"] => facts.ClientId,
        ["grant_type"] => facts.GrantType,
        ["subject"] => facts.Subject,
        ["actor"] => facts.Actor,
        ["scope"] => scope,
        ["scopes"] => facts.Scopes.Cast<object?>().ToList(),
        ["resource"] => facts.Resources.FirstOrDefault(),
        ["resources"] => facts.Resources.Cast<object?>().ToList(),
        ["time", "hour"] => (double)facts.Now.UtcDateTime.Hour,
        ["time", "minute"] => (double)facts.Now.UtcDateTime.Minute,
        ["time", "weekday"] => facts.Now.UtcDateTime.DayOfWeek.ToString().ToLowerInvariant(),
        ["risk", .. var rest] => Walk(risk, rest),
        ["details", .. var rest] => Walk(detail, rest),
        _ => Walk(detail, path),
    };

    private static object? Walk(JsonNode? node, IEnumerable<string> path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return Convert(node);
    }

    private static object? Convert(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonArray a => a.Select(Convert).ToList(),
        _ => null,
    };

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
