using System.Text.Json;

namespace DeferredOrleans.Client;

/// <summary>
/// RFC 9728 §2 protected-resource metadata: the resource identifier, its authorization servers and scopes. The
/// <c>token_audience</c> member is this project's extension (RFC 9728 §2 allows more members): the RFC 8707
/// resource indicator to request when the authorization server knows the resource by a name (<c>doc-789</c>)
/// rather than by its URL. A handler believes it only from resource servers it was told to trust.
/// </summary>
public sealed record ProtectedResourceMetadata(Uri Resource, IReadOnlyList<Uri> AuthorizationServers, IReadOnlyList<string> ScopesSupported, string? TokenAudience)
{
    /// <summary>The document, or null when it lacks a <c>resource</c> that is an absolute URL.</summary>
    public static ProtectedResourceMetadata? Parse(JsonElement json)
    {
        if (ResourceTrust.WebAddress(TokenResponse.Text(json, "resource")) is not { } resource)
        {
            return null;
        }

        return new ProtectedResourceMetadata(
            resource,
            [.. Strings(json, "authorization_servers").Select(ResourceTrust.WebAddress).OfType<Uri>()],
            [.. Strings(json, "scopes_supported")],
            TokenResponse.Text(json, "token_audience"));
    }

    private static IEnumerable<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
            : [];
}
