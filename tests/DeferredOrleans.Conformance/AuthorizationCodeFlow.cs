using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DeferredOrleans.Conformance;

/// <summary>
/// The browser part of the authorization code grant for client <c>web</c>: /authorize, sign-in as the subject,
/// consent, and the code from the redirect (never followed). PKCE S256.
/// </summary>
public static partial class AuthorizationCodeFlow
{
    public const string RedirectUri = "http://localhost/cb";

    /// <summary>
    /// Runs the pages and returns the code and its PKCE verifier; with <paramref name="responseType"/>
    /// <c>deferred_code</c> (OpenID Connect Deferred Token Response Flow 1.0), the redirect's <c>deferred_code</c>.
    /// </summary>
    public static async Task<(string Code, string Verifier)> AuthorizeAsync(DtrClient client, string scope, string? completionMode = null, string responseType = "code")
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("response_type", responseType), new("client_id", Credentials.Web), new("redirect_uri", RedirectUri), new("scope", scope),
            new("state", Guid.NewGuid().ToString("N")), new("nonce", Guid.NewGuid().ToString("N")),
            new("code_challenge", Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))), new("code_challenge_method", "S256"),
        };
        if (completionMode is not null)
        {
            parameters.Add(new("completion_mode", completionMode));
        }

        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var page = await client.Http.GetAsync(new Uri($"/authorize?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var signIn = await client.Http.PostAsync(new Uri("/authorize", UriKind.Relative), new FormUrlEncodedContent(
            [.. parameters, new("username", Credentials.Subject), new("password", Credentials.SecretOf(Credentials.Subject)), new("action", "signin")]));
        var html = await signIn.Content.ReadAsStringAsync();
        var ticket = WebUtility.HtmlDecode(TicketField().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(ticket), html);

        var consent = await client.Http.PostAsync(new Uri("/authorize", UriKind.Relative), new FormUrlEncodedContent(
            [.. parameters, new("ticket", ticket), new("action", "consent"), new("decision", "allow")]));
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var code = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query)[responseType];
        Assert.False(string.IsNullOrEmpty(code), consent.Headers.Location.ToString());
        return (code, verifier);
    }

    /// <summary>The token request that redeems the code.</summary>
    public static Task<Reply> RedeemAsync(DtrClient client, string code, string verifier, params (string Name, string Value)[] extra) =>
        client.TokenAsync(Credentials.Web, [("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier), ("redirect_uri", RedirectUri), .. extra]);

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketField();
}
