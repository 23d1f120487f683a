using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeferredOrleans.BrowserTests;

/// <summary>
/// The README's pictures, taken with the test browser: an approver's inbox and one request (an agent acting for an
/// assistant acting for alice, with risk signals). They go to <c>artifacts/screenshots</c>, or to the directory in
/// <c>DEFERRED_ORLEANS_SCREENSHOTS</c> (<c>scripts/screenshots.sh</c> sets it to <c>docs/screenshots</c>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(InboxServer server)
{
    [Fact]
    public async Task Screenshots_OfTheInboxAndARequest_AreTakenWithTheTestBrowser()
    {
        var directory = Environment.GetEnvironmentVariable("DEFERRED_ORLEANS_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured, GatewayProcess.RepositoryRoot)
            : Path.Combine(GatewayProcess.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);

        var (_, assistant) = await server.TokenAsync("assistant-y", ("grant_type", "client_credentials"), ("scope", "docs:read"));
        var (_, exchange) = await server.TokenAsync("agent-x",
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token", assistant.GetProperty("access_token").GetString()!),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), ("scope", "doc:write"), ("resource", "doc-q4-report"),
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
}
