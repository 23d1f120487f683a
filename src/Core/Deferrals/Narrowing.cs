using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// An approver may approve less than was asked, never more (RFC 9396 §7;
/// draft-ietf-oauth-deferred-token-response-01 §4.1, guarantee 1; AROP). Scopes narrow to a non-empty subset.
/// authorization_details narrow to a non-empty list in which every object is covered by a requested one: the same
/// members, equal scalars, arrays reduced to subsets, nested objects covered in turn. Dropping a member is not
/// narrowing (an absent constraint means "any"), nor is adding one.
/// </summary>
public static class Narrowing
{
    public static bool TryApply(
        ImmutableArray<string> grantedScopes,
        string? grantedDetails,
        ImmutableArray<string>? approvedScopes,
        string? approvedDetails,
        out ImmutableArray<string> scopes,
        out string? details)
    {
        scopes = grantedScopes;
        details = grantedDetails;
        if (approvedScopes is { } narrower)
        {
            if (narrower.IsEmpty || !narrower.All(s => grantedScopes.Contains(s, StringComparer.Ordinal)))
            {
                return false;
            }

            scopes = [.. narrower.Distinct(StringComparer.Ordinal)];
        }

        if (approvedDetails is not null)
        {
            if (grantedDetails is null || !TryParseArray(approvedDetails, out var approved) || !TryParseArray(grantedDetails, out var granted) ||
                approved.Count == 0 || !approved.All(a => granted.Any(g => Covers(g, a))))
            {
                return false;
            }

            details = approved.ToJsonString();
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="requested"/> asks for the same as <paramref name="granted"/> or less, by the rules above:
    /// every requested object is covered by a granted one. Nothing requested is always covered; something requested
    /// is never covered by nothing granted.
    /// </summary>
    public static bool CoversDetails(string? granted, string? requested)
    {
        if (requested is null)
        {
            return true;
        }

        if (!TryParseArray(requested, out var asked))
        {
            return false;
        }

        return asked.Count == 0 || (granted is not null && TryParseArray(granted, out var given) && asked.All(a => given.Any(g => Covers(g, a))));
    }

    private static bool Covers(JsonNode? original, JsonNode? narrowed) => (original, narrowed) switch
    {
        (JsonObject o, JsonObject n) => o.Count == n.Count && o.All(member => n.TryGetPropertyValue(member.Key, out var value) && Covers(member.Value, value)),
        (JsonArray o, JsonArray n) => n.All(item => o.Any(candidate => JsonNode.DeepEquals(candidate, item))),
        _ => JsonNode.DeepEquals(original, narrowed),
    };

    private static bool TryParseArray(string json, out JsonArray array)
    {
        array = [];
        try
        {
            if (JsonNode.Parse(json) is JsonArray parsed && parsed.All(i => i is JsonObject))
            {
                array = parsed;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
