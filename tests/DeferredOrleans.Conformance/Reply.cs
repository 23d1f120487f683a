using System.Net;
using System.Text.Json;

namespace DeferredOrleans.Conformance;

/// <summary>A response with its JSON body (when it has one).</summary>
public sealed record Reply(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response, string Body)
{
    public string? Error => String("error");

    public string? Description => String("error_description");

    public string? CacheControl => Response.Headers.CacheControl?.ToString();

    public bool Has(string member) => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(member, out _);

    public string? String(string member) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(body).RootElement.Clone()
            : default;
        return new Reply(response.StatusCode, json, response, body);
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
