using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// What a grant needs to remember across a deferral, kept as small JSON in the deferral's <c>GrantData</c>: when the
/// originating credential expires (a deferral never extends it; draft-ietf-oauth-deferred-token-response-01 §11.7),
/// and the grant's own continuation (a refresh token family; an authorization code's id, nonce and sign-in time).
/// </summary>
public sealed record GrantData(DateTimeOffset? NotAfter = null, string? Family = null, string? Nonce = null, DateTimeOffset? AuthTime = null, string? Code = null)
{
    public string ToJson()
    {
        var json = new JsonObject();
        if (NotAfter is { } notAfter)
        {
            json["not_after"] = notAfter.ToUnixTimeSeconds();
        }

        if (Family is not null)
        {
            json["family"] = Family;
        }

        if (Nonce is not null)
        {
            json["nonce"] = Nonce;
        }

        if (AuthTime is { } authTime)
        {
            json["auth_time"] = authTime.ToUnixTimeSeconds();
        }

        if (Code is not null)
        {
            json["code"] = Code;
        }

        return json.ToJsonString();
    }

    public static GrantData Parse(string? json)
    {
        if (json is null)
        {
            return new GrantData();
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new GrantData(
            root.TryGetProperty("not_after", out var n) ? DateTimeOffset.FromUnixTimeSeconds(n.GetInt64()) : null,
            root.TryGetProperty("family", out var f) ? f.GetString() : null,
            root.TryGetProperty("nonce", out var o) ? o.GetString() : null,
            root.TryGetProperty("auth_time", out var a) ? DateTimeOffset.FromUnixTimeSeconds(a.GetInt64()) : null,
            root.TryGetProperty("code", out var c) ? c.GetString() : null);
    }
}
