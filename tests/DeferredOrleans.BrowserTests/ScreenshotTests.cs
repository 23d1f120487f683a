using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DeferredOrleans.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeferredOrleans.BrowserTests;

/// <summary>
/// The README's pictures, taken with the test browser: an approver's inbox, one request (an agent acting for an
/// assistant acting for alice), and a digest email as the real SMTP server received it. They go to <c>artifacts/screenshots</c>, or to the directory in
/// <c>DEFERRED_ORLEANS_SCREENSHOTS</c> (<c>scripts/screenshots.sh</c> sets it to <c>docs/screenshots</c>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(InboxServer server)
{
    [Fact]
    public async Task Screenshots_OfTheInboxAndARequest_AreTakenWithTheTestBrowser()
    {
        var directory = Directory();

        // RFC 8693: agent-x may exchange assistant-y's token because its audience is this server.
        var (_, assistant) = await server.TokenAsync("assistant-y", ("grant_type", "client_credentials"), ("scope", "docs:read"), ("resource", server.Address));
        var (_, exchange) = await server.TokenAsync("agent-x",
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token", assistant.GetProperty("access_token").GetString()!),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), ("scope", "doc:write"), ("resource", "doc-q4-report"),
            ("risk_signals", RiskEngine.Assertion("agent-x", DateTimeOffset.UtcNow, new() { ["score"] = 64, ["new_device"] = true }, audience: server.Address)),
            ("completion_mode", "deferred"));
        var id = ApprovalIds.Of(exchange.GetProperty("deferral_code").GetString()!);
        await server.DeferAsync("agent", "admin:users", "doc-users");
        foreach (var (client, resource) in new[] { ("c1", "doc-roadmap"), ("c2", "doc-roadmap"), ("c3", "doc-budget"), ("evil", "doc-budget") })
        {
            await server.DeferAsync(client, "doc:write", resource);
        }

        var page = await server.SignedInPageAsync("bob");
        await Expect(page.Locator($"tr[data-id='{id}']")).ToContainTextAsync("agent-x acting for assistant-y acting for alice");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "inbox.png"), FullPage = true });

        await page.GotoAsync($"/inbox/{id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Agent X asks for doc:write");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "detail.png"), FullPage = true });

        Assert.True(new FileInfo(Path.Combine(directory, "inbox.png")).Length > 10_000);
        Assert.True(new FileInfo(Path.Combine(directory, "detail.png")).Length > 10_000);
    }

    [Fact]
    public async Task Screenshot_OfADigestEmail_IsTakenWithTheTestBrowser()
    {
        var directory = Directory();

        // Dave (one of the admins, whom admin:users requests go to) chooses email with a 3-second window: the first
        // request is announced at once, the next ones come as one digest.
        using (var request = new HttpRequestMessage(HttpMethod.Put, "/approvals/profile/notifications")
        {
            Content = JsonContent.Create(new { channels = new[] { "email" }, email = "dave@example.com", window_seconds = 3 }),
        })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("dave:demo")));
            using var response = await server.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await server.DeferAsync("agent", "admin:users", "doc-digest-0");
        foreach (var resource in new[] { "doc-digest-1", "doc-digest-2", "doc-digest-3", "doc-digest-4" })
        {
            await server.DeferAsync("agent", "admin:users", resource);
        }

        var messages = await server.Mail.WaitForAsync(m => m.Any(IsDigestForDave), seconds: 60);
        var digest = messages.First(IsDigestForDave);
        var page = await server.NewPageAsync();
        await page.SetViewportSizeAsync(760, 900);
        await page.SetContentAsync(digest.Html);
        await Expect(page.Locator("body")).ToContainTextAsync("doc-digest-4");
        var path = Path.Combine(directory, "digest.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000);
    }

    private static bool IsDigestForDave(SmtpServer.Received message) =>
        message.Message.To.ToString().Contains("dave@example.com", StringComparison.Ordinal) && message.Html.Contains("doc-digest-4", StringComparison.Ordinal);

    private static string Directory()
    {
        var directory = Environment.GetEnvironmentVariable("DEFERRED_ORLEANS_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured, GatewayProcess.RepositoryRoot)
            : Path.Combine(GatewayProcess.RepositoryRoot, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
