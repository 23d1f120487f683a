using System.Net;
using System.Text.RegularExpressions;

namespace DeferredOrleans.InteropTests;

/// <summary>
/// The server's sign-in and consent pages driven as a browser would, with plain HTTP: each form's hidden fields are
/// posted back to the page's own URL (the forms have no action) with what the user types and the button pressed.
/// </summary>
public static partial class AuthorizeForms
{
    /// <summary>Signs <paramref name="user"/> in, allows the request, and returns the redirect's Location.</summary>
    public static async Task<Uri> SignInAndConsentAsync(HttpClient http, Uri authorizationUrl, Party user)
    {
        var signInPage = await GetPageAsync(http, HttpMethod.Get, authorizationUrl, null);
        var signIn = HiddenFields(signInPage);
        signIn.Add(new("username", user.Id));
        signIn.Add(new("password", user.Secret));
        signIn.Add(new("action", "signin"));

        var consentPage = await GetPageAsync(http, HttpMethod.Post, authorizationUrl, signIn);
        var consent = HiddenFields(consentPage);
        Assert.Contains(consent, f => f.Key == "ticket");
        consent.Add(new("decision", "allow"));

        using var request = new HttpRequestMessage(HttpMethod.Post, authorizationUrl) { Content = new FormUrlEncodedContent(consent) };
        using var redirect = await http.SendAsync(request);
        Assert.True(redirect.StatusCode == HttpStatusCode.Redirect, $"consent answered {(int)redirect.StatusCode}: {await redirect.Content.ReadAsStringAsync()}");
        return redirect.Headers.Location!;
    }

    private static async Task<string> GetPageAsync(HttpClient http, HttpMethod method, Uri url, List<KeyValuePair<string, string>>? form)
    {
        using var request = new HttpRequestMessage(method, url) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        using var response = await http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} /authorize answered {(int)response.StatusCode}: {html}");
        return html;
    }

    private static List<KeyValuePair<string, string>> HiddenFields(string html) =>
    [
        .. Input().Matches(html)
            .Select(input => Attribute().Matches(input.Value).ToDictionary(a => a.Groups["name"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value)))
            .Where(a => a.GetValueOrDefault("type") == "hidden" && a.ContainsKey("name"))
            .Select(a => KeyValuePair.Create(a["name"], a.GetValueOrDefault("value") ?? "")),
    ];

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("(?<name>\\w+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Attribute();
}
