using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace DeferredOrleans.Bench;

/// <summary>
/// The web inbox under load: one approver (alice) with <c>items</c> pending requests, her inbox page rendered by the
/// server again and again (targets: p95 under 150 ms for 1,000 items), then all of them approved with one bulk
/// action of the page (one <c>DecideManyAsync</c> call; target: under 2 s for 1,000), through a real session.
/// </summary>
internal static partial class InboxPhases
{
    private const int PageLoads = 50;

    public static async Task<List<PhaseResult>> RunAsync(Target server, AuthenticationHeaderValue agent, int items, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = server.Address };
        await Phase.RunAsync("inbox: fill", items, concurrency, async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "doc:write"), new("resource", "doc-789"), new("completion_mode", "deferred")]),
            };
            request.Headers.Authorization = agent;
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.BadRequest;
        });

        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var signIn = await browser.GetStringAsync(new Uri("/inbox/signin", UriKind.Relative));
        using var signedIn = await browser.PostAsync(new Uri("/inbox/signin?handler=password", UriKind.Relative), new FormUrlEncodedContent(
            [new("username", "alice"), new("password", "demo"), new("returnUrl", "/inbox"), new("__RequestVerificationToken", Token(signIn))]));
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in failed: {signedIn.StatusCode}");
        }

        var page = "";
        for (var i = 0; i < 3; i++)
        {
            page = await browser.GetStringAsync(new Uri("/inbox", UriKind.Relative));
        }

        var rows = Row().Count(page);
        var phases = new List<PhaseResult>
        {
            await Phase.RunAsync($"inbox page ({rows} pending)", PageLoads, 1, async _ =>
            {
                using var response = await browser.GetAsync(new Uri("/inbox", UriKind.Relative));
                var html = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.OK && Row().Count(html) == rows && rows == items;
            }),
        };

        var asOf = AsOf().Match(page).Groups[1].Value;
        phases.Add(await Phase.RunAsync($"bulk approve {items} (one action)", 1, 1, async _ =>
        {
            using var response = await browser.PostAsync(new Uri("/inbox/bulk?client=agent", UriKind.Relative), new FormUrlEncodedContent(
                [new("decision", "approve"), new("as_of", asOf), new("__RequestVerificationToken", Token(page))]));
            var html = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK && html.Contains($"{items} of {items} approved.", StringComparison.Ordinal);
        }));
        return phases;
    }

    public static string Token(string html) => WebUtility.HtmlDecode(Antiforgery().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<tr data-id=")]
    private static partial Regex Row();

    [GeneratedRegex("name=\"as_of\" value=\"(\\d+)\"")]
    private static partial Regex AsOf();
}
