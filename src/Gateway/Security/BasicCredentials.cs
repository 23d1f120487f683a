using System.Net.Http.Headers;
using System.Text;

namespace DeferredOrleans.Gateway.Security;

/// <summary>HTTP Basic credentials (RFC 7617).</summary>
public static class BasicCredentials
{
    /// <summary>
    /// Parses <c>Authorization: Basic ...</c>. OAuth clients form-urlencode id and secret first (RFC 6749 §2.3.1);
    /// people do not.
    /// </summary>
    public static bool TryParse(string header, bool formUrlEncoded, out string user, out string password)
    {
        user = "";
        password = "";
        if (!AuthenticationHeaderValue.TryParse(header, out var value) ||
            !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) ||
            value.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1)
        {
            return false;
        }

        user = Decode(decoded[..colon]);
        password = Decode(decoded[(colon + 1)..]);
        return true;

        string Decode(string part) => formUrlEncoded ? Uri.UnescapeDataString(part.Replace('+', ' ')) : part;
    }
}
