using Microsoft.Playwright;
using static DeferredOrleans.BrowserTests.Accessibility;
using static Microsoft.Playwright.Assertions;

namespace DeferredOrleans.BrowserTests;

/// <summary>
/// Sign-in through the organisation's OpenID Provider, a real node-oidc-provider on loopback: the authorization code
/// flow with PKCE in Chromium, its login and consent pages, back to the inbox as the directory user its
/// preferred_username names; a person the directory does not know gets no session.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UpstreamSignInTests(InboxServer server)
{
    [Fact]
    public async Task Approver_SignsInThroughTheOrganisationsProvider_LandsOnTheDeepLinkAsTheDirectoryUser()
    {
        var (code, id) = await server.DeferAsync("agent", "doc:write", "doc-789");
        var page = await server.NewPageAsync();
        await page.GotoAsync($"/inbox/{id}");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example Org" }).ClickAsync();
        await SignInAtProviderAsync(page, "alice");

        // The redirect chain crosses origins (provider, callback, deep link): wait for the deep link to commit and let
        // the assertions below wait for its content, rather than for a load event Playwright can miss after such a chain.
        await page.WaitForURLAsync(url => url.EndsWith($"/inbox/{id}", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator("header.top")).ToContainTextAsync("Signed in as Alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("You approved this request.");
        Assert.Equal(200, (await server.PollAsync("agent", code)).Status);
    }

    [Fact]
    public async Task PersonUnknownToTheDirectory_IsRefusedAndGetsNoSession()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/inbox/signin");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example Org" }).ClickAsync();
        await SignInAtProviderAsync(page, "mallory");

        await Expect(page.Locator(".problem")).ToContainTextAsync("Your organisation's account is not an approver here.");
        await AssertAccessibleAsync(page);
        await page.GotoAsync("/inbox");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to your inbox");
    }

    /// <summary>node-oidc-provider's development login form (any password), then its consent page.</summary>
    private async Task SignInAtProviderAsync(IPage page, string login)
    {
        await page.WaitForURLAsync(url => url.StartsWith(server.Upstream.Issuer, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("input[name='login']").FillAsync(login);
        await page.Locator("input[name='password']").FillAsync("any");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    }
}
