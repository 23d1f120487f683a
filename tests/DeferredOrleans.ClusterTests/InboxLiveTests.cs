using System.Net;
using System.Text.RegularExpressions;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// The web inbox when the gateway is an Orleans client of the silos: its live event stream is fed by a grain observer
/// across processes, and a session survives a gateway restart because the keys protecting it live in grain storage.
/// </summary>
public sealed partial class InboxLiveTests
{
    [Fact]
    public async Task ClientGateway_StreamsInboxChangesAndKeepsTheSessionAcrossARestart()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 1);
        using var client = new DtrClient(cluster.GatewayAddress);
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(2) };
        using var browser = new HttpClient(handler) { BaseAddress = cluster.GatewayAddress, Timeout = TimeSpan.FromSeconds(30) };
        var signIn = await browser.GetStringAsync(new Uri("/inbox/signin", UriKind.Relative));
        using var signedIn = await browser.PostAsync(new Uri("/inbox/signin?handler=password", UriKind.Relative), new FormUrlEncodedContent(
            [new("username", "bob"), new("password", "demo"), new("returnUrl", "/inbox"), new("__RequestVerificationToken", WebUtility.HtmlDecode(Antiforgery().Match(signIn).Groups[1].Value))]));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/inbox/events"))
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var stream = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel.Token));
            Assert.Equal("retry: 3000", await reader.ReadLineAsync(cancel.Token));

            var created = await client.RequestAsync("pair:write");
            var id = ApprovalIds.Of(created.Property("deferral_code")!);
            Assert.Equal($$"""{"kind":"added","ids":["{{id}}"]}""", await NextEventAsync(reader, cancel.Token));
            Assert.Equal(200, (await client.ApproveAsync("carol", id)).Status);
            Assert.Equal($$"""{"kind":"updated","ids":["{{id}}"]}""", await NextEventAsync(reader, cancel.Token));
        }

        await cluster.RestartGatewayAsync();
        using var inbox = await browser.GetAsync(new Uri("/inbox", UriKind.Relative), cancel.Token);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Contains("Signed in as <strong>Bob</strong>", await inbox.Content.ReadAsStringAsync(cancel.Token), StringComparison.Ordinal);
    }

    private static async Task<string> NextEventAsync(StreamReader reader, CancellationToken cancel)
    {
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        throw new InvalidOperationException("the event stream ended");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
