using System.Net;
using System.Net.Http.Headers;

namespace DeferredOrleans.Client;

/// <summary>
/// A resource server's <c>WWW-Authenticate: Bearer</c> (or <c>DPoP</c>) challenge: RFC 6750 §3 <c>error</c>,
/// <c>error_description</c> and <c>scope</c>, and RFC 9728 §5.1 <c>resource_metadata</c>.
/// </summary>
public sealed record BearerChallenge(string Scheme, string? Error, string? ErrorDescription, string? Scope, Uri? ResourceMetadata)
{
    /// <summary>The first Bearer or DPoP challenge of a 401 or 403, or null when the response is no such challenge.</summary>
    public static BearerChallenge? From(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return null;
        }

        foreach (var header in response.Headers.WwwAuthenticate)
        {
            if (Parse(header) is { } challenge)
            {
                return challenge;
            }
        }

        return null;
    }

    /// <summary>One challenge (<c>Bearer realm="x", scope="a b"</c>); null for another scheme.</summary>
    public static BearerChallenge? Parse(AuthenticationHeaderValue header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!header.Scheme.Equals(OAuthWire.BearerScheme, StringComparison.OrdinalIgnoreCase) &&
            !header.Scheme.Equals(OAuthWire.DpopScheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parameters = Parameters(header.Parameter ?? "");
        var metadata = parameters.TryGetValue("resource_metadata", out var m) ? ResourceTrust.WebAddress(m) : null;
        return new BearerChallenge(header.Scheme, parameters.GetValueOrDefault("error"), parameters.GetValueOrDefault("error_description"),
            parameters.GetValueOrDefault("scope"), metadata);
    }

    /// <summary>RFC 9110 §11.2 auth-params: <c>name=token</c> or <c>name="quoted string"</c>, comma separated.</summary>
    internal static Dictionary<string, string> Parameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new System.Text.StringBuilder();
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    // RFC 9110 §5.6.4: a backslash quotes the next character.
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[valueStart..i].Trim();
            }

            if (name.Length > 0)
            {
                result.TryAdd(name, value);
            }
        }

        return result;
    }
}
