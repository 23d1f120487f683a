using System.Globalization;
using System.Text.Json;

namespace DeferredOrleans.Core.Connectors;

/// <summary>The members of an ARAP task response (submission or status) that this server uses.</summary>
public sealed record ArapTaskDocument(
    string? Id,
    string? Status,
    string? StatusEndpoint,
    string? CancelUrl,
    DateTimeOffset? ExpiresAt,
    string? ResultMode,
    string? ApprovalId,
    DateTimeOffset? ApprovedUntil)
{
    /// <summary>Reads <c>{"task":{…},"result":{…}}</c>; null when the body is not such a document.</summary>
    public static ArapTaskDocument? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("task", out var task) || task.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var result = root.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
            var approval = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("approval", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            var links = task.TryGetProperty("links", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
            return new ArapTaskDocument(
                Text(task, "id"),
                Text(task, "status"),
                Text(task, "status_endpoint"),
                Text(links, "cancel"),
                Time(Text(task, "expires_at")),
                Text(result, "mode"),
                Text(approval, "id"),
                Time(Text(approval, "approved_until")));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The problem type of an <c>application/problem+json</c> body, or null.</summary>
    public static string? ProblemType(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            return Text(document.RootElement, "type");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>RFC 3339 date-time.</summary>
    private static DateTimeOffset? Time(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && value.Contains('T', StringComparison.OrdinalIgnoreCase)
            ? at
            : null;
}
