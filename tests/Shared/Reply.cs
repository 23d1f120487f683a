using System.Net;
using System.Text.Json;

namespace DeferredOrleans.TestSupport;

/// <summary>A response with its JSON body (when it has one).</summary>
public sealed record Reply(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response, string Body)
{
    // RFC 6749 §5.2 makes error and error_description strings: any other value fails the test rather than reading as absent.
    public string? Error => Member("error")?.GetString();

    public string? Description => Member("error_description")?.GetString();

    public string? CacheControl => Response.Headers.CacheControl?.ToString();

    public bool Has(string member) => Member(member) is not null;

    /// <summary>The member's value if it is a string, otherwise null.</summary>
    public string? String(string member) => Member(member) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(body).RootElement.Clone()
            : default;
        return new Reply(response.StatusCode, json, response, body);
    }

    public override string ToString() => $"{(int)Status} {Body}";

    private JsonElement? Member(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) ? value : null;
}
