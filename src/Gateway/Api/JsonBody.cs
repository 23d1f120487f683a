using System.Text.Json;
using DeferredOrleans.Core.Json;
using Microsoft.Net.Http.Headers;

namespace DeferredOrleans.Gateway.Api;

/// <summary>Reads the JSON bodies of the approval and admin APIs and of connector callbacks.</summary>
public static class JsonBody
{
    /// <summary>The largest body read (the same as Kestrel's limit for the whole gateway).</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>
    /// The approval and admin APIs take JSON bodies. Requiring JSON also keeps browsers from deciding through a
    /// cross-site form post with remembered Basic credentials. A body that is not UTF-8, or has a string that is no
    /// Unicode text, is malformed (<see cref="StrictJson"/>).
    /// </summary>
    public static async Task<(JsonDocument? Document, string? Error)> ReadAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the body must be application/json, e.g. {} or {\"reason\":\"...\"}");
        }

        if (await ReadBytesAsync(request, MaxBytes) is not { } bytes)
        {
            return (null, $"the body must be at most {MaxBytes} bytes");
        }

        try
        {
            var document = StrictJson.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (document, null);
            }

            document.Dispose();
            return (null, "the body must be a JSON object");
        }
        catch (JsonException)
        {
            return (null, "the body is not valid UTF-8 JSON");
        }
    }

    /// <summary>The raw body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static List<string> Strings(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
}
