using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace DeferredOrleans.Gateway.Api;

/// <summary>Reads the JSON bodies of the approval and admin APIs.</summary>
public static class JsonBody
{
    /// <summary>
    /// The approval and admin APIs take JSON bodies. Requiring JSON also keeps browsers from deciding through a
    /// cross-site form post with remembered Basic credentials.
    /// </summary>
    public static async Task<(JsonDocument? Document, string? Error)> ReadAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the body must be application/json, e.g. {} or {\"reason\":\"...\"}");
        }

        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (document, null);
            }

            document.Dispose();
            return (null, "the body must be a JSON object");
        }
        catch (JsonException)
        {
            return (null, "the body is not valid JSON");
        }
    }

    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static List<string> Strings(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
}
