using System.Collections.Immutable;
using System.Text.Json;

namespace DeferredOrleans.Core.Notifications;

/// <summary>The <c>type</c>s of an authorization_details array (RFC 9396 §2): what a notification shows of them.</summary>
public static class DetailTypes
{
    public static ImmutableArray<string> Of(string? authorizationDetails)
    {
        if (authorizationDetails is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(authorizationDetails);
            return document.RootElement.ValueKind != JsonValueKind.Array
                ? []
                : [.. document.RootElement.EnumerateArray()
                    .Where(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
                    .Select(d => d.GetProperty("type").GetString()!)
                    .Distinct(StringComparer.Ordinal)];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
