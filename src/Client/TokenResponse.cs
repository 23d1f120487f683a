using System.Text.Json;

namespace DeferredOrleans.Client;

/// <summary>A successful token response (RFC 6749 §5.1); <see cref="Json"/> keeps every member the server sent.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int? ExpiresIn, string? Scope, string? RefreshToken, string? IssuedTokenType, JsonElement Json)
{
    /// <summary>RFC 9449 §5: a DPoP-bound token goes out with the DPoP scheme and a proof; a Bearer token as itself.</summary>
    public bool IsDpopBound => string.Equals(TokenType, OAuthWire.DpopScheme, StringComparison.OrdinalIgnoreCase);

    internal static TokenResponse? Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || Text(json, OAuthWire.AccessToken) is not { Length: > 0 } token)
        {
            return null;
        }

        return new TokenResponse(
            token,
            Text(json, OAuthWire.TokenType) ?? OAuthWire.BearerScheme,
            Number(json, OAuthWire.ExpiresIn),
            Text(json, OAuthWire.Scope),
            Text(json, OAuthWire.RefreshToken),
            Text(json, OAuthWire.IssuedTokenType),
            json.Clone());
    }

    internal static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static int? Number(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
