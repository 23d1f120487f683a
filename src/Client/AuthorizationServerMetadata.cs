using System.Text.Json;

namespace DeferredOrleans.Client;

/// <summary>The members of RFC 8414 metadata this client uses; <see cref="Json"/> keeps the rest.</summary>
public sealed record AuthorizationServerMetadata(Uri Issuer, Uri TokenEndpoint, Uri? RevocationEndpoint, bool DeferredTokenResponseSupported, JsonElement Json)
{
    /// <summary>RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.</summary>
    public static Uri MetadataAddress(Uri issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var path = issuer.AbsolutePath.TrimEnd('/');
        return new Uri($"{issuer.GetLeftPart(UriPartial.Authority)}{OAuthWire.AuthorizationServerMetadataPath}{path}");
    }

    /// <summary>Reads the document; RFC 8414 §3.3: its <c>issuer</c> must be the one it was fetched for.</summary>
    internal static AuthorizationServerMetadata Parse(JsonElement json, Uri expectedIssuer)
    {
        var issuer = TokenResponse.Text(json, "issuer");
        if (issuer is null || !SameIssuer(issuer, expectedIssuer))
        {
            throw new DeferredTokenException(OAuthWire.InvalidResponse, $"the metadata names issuer '{issuer}', not '{expectedIssuer}' (RFC 8414 §3.3)");
        }

        if (ResourceTrust.WebAddress(TokenResponse.Text(json, "token_endpoint")) is not { } token)
        {
            throw new DeferredTokenException(OAuthWire.InvalidResponse, "the metadata has no token_endpoint");
        }

        var revocation = ResourceTrust.WebAddress(TokenResponse.Text(json, "revocation_endpoint"));
        var deferred = json.TryGetProperty("deferred_token_response_supported", out var d) && d.ValueKind == JsonValueKind.True;
        return new AuthorizationServerMetadata(expectedIssuer, token, revocation, deferred, json.Clone());
    }

    /// <summary>Issuers compare as strings (RFC 8414 §3.3), forgiving only a trailing slash.</summary>
    internal static bool SameIssuer(string issuer, Uri expected) =>
        string.Equals(issuer.TrimEnd('/'), expected.OriginalString.TrimEnd('/'), StringComparison.Ordinal);
}
