using Microsoft.Playwright;
using static DeferredOrleans.BrowserTests.Accessibility;
using static Microsoft.Playwright.Assertions;

namespace DeferredOrleans.BrowserTests;

/// <summary>
/// The web inbox in a real browser (Debian's headless Chromium) against the real gateway process: what an approver
/// does, start to finish, with the agent's side over HTTP. Every page a flow passes through is also checked with axe
/// for serious or critical accessibility violations.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxFlowTests(InboxServer server)
{
    [Fact]
    public async Task Approver_SignsInSeesTheAgentsRequestAndApproves_TheAgentsNextPollGetsTheToken()
    {
        var (code, id) = await server.DeferAsync("agent", "doc:write", "doc-789");
        var page = await server.SignedInPageAsync("alice");

        var row = page.Locator($"tr[data-id='{id}']");
        await Expect(row).ToContainTextAsync("Demo agent asks for doc:write on doc-789");
        await Expect(row).ToContainTextAsync("as owner of doc-789");
        await AssertAccessibleAsync(page);
        await row.GetByRole(AriaRole.Link, new() { Name = "Demo agent" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Demo agent asks for doc:write");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Reason (optional; kept in the audit log, never shown to the client)").FillAsync("go ahead");
        await ApproveAndExpectTheTokenAsync(page, code, "doc:write");
    }

    [Fact]
    public async Task Approver_BulkApprovesThreeClientsTimesThreeResources_InOneAction()
    {
        var requests = new List<(string Client, string Code, string Id)>();
        foreach (var client in new[] { "c1", "c2", "c3" })
        {
            foreach (var resource in new[] { "doc-bulk-1", "doc-bulk-2", "doc-bulk-3" })
            {
                var (code, id) = await server.DeferAsync(client, "doc:write", resource);
                requests.Add((client, code, id));
            }
        }

        var page = await server.SignedInPageAsync("bob");
        foreach (var (_, _, id) in requests)
        {
            await page.Locator($"input[name='ids'][value='{id}']").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve selected" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Approved together");
        await Expect(page.Locator("table.results tbody tr")).ToHaveCountAsync(9);
        await Expect(page.Locator("table.results tr.done")).ToHaveCountAsync(9);
        await Expect(page.Locator(".notice")).ToHaveTextAsync("9 of 9 approved.");
        await AssertAccessibleAsync(page);
        foreach (var (client, code, _) in requests)
        {
            Assert.Equal(200, (await server.PollAsync(client, code)).Status);
        }
    }

    [Fact]
    public async Task Approver_NarrowsARequest_TheTokenCarriesTheNarrowerScope()
    {
        var (code, id) = await server.DeferAsync("agent", "doc:write docs:read", "doc-narrow");
        var page = await server.SignedInPageAsync("bob", $"/inbox/{id}");

        await page.Locator("input[name='scope'][value='docs:read']").UncheckAsync();
        await ApproveAndExpectTheTokenAsync(page, code, "doc:write");
    }

    [Fact]
    public async Task Approver_MakesAStandingDecision_ThenRevokesIt()
    {
        var (_, id) = await server.DeferAsync("c2", "doc:write", "doc-standing");
        var page = await server.SignedInPageAsync("bob", $"/inbox/{id}");
        await Expect(page.Locator("#standing-covers")).ToContainTextAsync("later requests of Client Two under rule write-doc-needs-owner");

        await page.GetByLabel("Also approve similar requests for").SelectOptionAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice").Last).ToContainTextAsync("approves, until");
        var (through, _) = await server.TokenAsync("c2", ("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-standing"), ("completion_mode", "deferred"));
        Assert.Equal(200, through);

        await page.GetByRole(AriaRole.Link, new() { Name = "Standing decisions" }).First.ClickAsync();
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the standing decision for Client Two under write-doc-needs-owner" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("The standing decision was revoked");
        var (asked, body) = await server.TokenAsync("c2", ("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-standing"), ("completion_mode", "deferred"));
        Assert.Equal(400, asked);
        Assert.Equal("authorization_pending", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Approver_DelegatesWhileAway_TheDelegateDecidesThenTheDelegationEnds()
    {
        var alice = await server.SignedInPageAsync("alice", "/inbox/delegations");
        await AssertAccessibleAsync(alice);
        await alice.Locator("select[name='to']").SelectOptionAsync("carol");
        await alice.GetByLabel("Only these resources").FillAsync("doc-789");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Delegate" }).ClickAsync();
        await Expect(alice.Locator(".notice")).ToContainTextAsync("Your delegation is stored");

        var (code, id) = await server.DeferAsync("agent", "doc:write", "doc-789");
        var carol = await server.SignedInPageAsync("carol", $"/inbox/{id}");
        await Expect(carol.Locator("dd").Filter(new() { HasText = "as delegate for alice" })).ToBeVisibleAsync();
        await carol.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        Assert.Equal(200, (await server.PollAsync("agent", code)).Status);

        await alice.ReloadAsync();
        await alice.GetByRole(AriaRole.Button, new() { Name = "End the delegation to Carol (carol)" }).ClickAsync();
        await Expect(alice.Locator(".notice")).ToContainTextAsync("Your delegation has ended");
    }

    [Fact]
    public async Task SecondAdminsApproval_AppearsInTheFirstAdminsOpenPage_WithoutAReload()
    {
        var (_, id) = await server.DeferAsync("agent", "admin:users", "doc-admins");
        var carol = await server.SignedInPageAsync("carol", $"/inbox/{id}");
        await Expect(carol.Locator("body[data-live='on']")).ToBeAttachedAsync();
        await carol.EvaluateAsync("() => { window.notReloaded = true; }");
        await Expect(carol.Locator("#status")).ToContainTextAsync("quorum: 0 of 2 approved");

        var dave = await server.SignedInPageAsync("dave", $"/inbox/{id}");
        await dave.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();

        await Expect(carol.Locator("#status")).ToContainTextAsync("quorum: 1 of 2 approved");
        Assert.True(await carol.EvaluateAsync<bool>("() => window.notReloaded === true"));

        // The list follows too: a new request appears, and leaves once two others approved it.
        await carol.GotoAsync("/inbox");
        await Expect(carol.Locator("body[data-live='on']")).ToBeAttachedAsync();
        await carol.EvaluateAsync("() => { window.notReloaded = true; }");
        var (_, fresh) = await server.DeferAsync("agent", "admin:users", "doc-admins-2");
        await Expect(carol.Locator($"tr[data-id='{fresh}']")).ToBeVisibleAsync();
        var bob = await server.SignedInPageAsync("bob", $"/inbox/{fresh}");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await dave.GotoAsync($"/inbox/{fresh}");
        await dave.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(carol.Locator($"tr[data-id='{fresh}']")).ToHaveCountAsync(0);
        Assert.True(await carol.EvaluateAsync<bool>("() => window.notReloaded === true"));
    }

    [Fact]
    public async Task DeepLink_SurvivesSignIn()
    {
        var (_, id) = await server.DeferAsync("agent", "doc:write", "doc-deep");
        var page = await server.NewPageAsync();

        await page.GotoAsync($"/inbox/{id}");
        Assert.Contains("/inbox/signin?returnUrl=", page.Url, StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync("bob");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await page.WaitForURLAsync($"**/inbox/{id}", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Demo agent asks for doc:write");
    }

    [Fact]
    public async Task Keyboard_Only_SkipsToContentSignsInAndApproves()
    {
        var (code, id) = await server.DeferAsync("c1", "doc:write", "doc-keys");
        var page = await server.NewPageAsync();
        await page.GotoAsync($"/inbox/{id}");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("bob");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("demo");
        await page.Keyboard.PressAsync("Enter");

        // Commit, then the rendered heading: the page's load event can lag far behind on a loaded machine.
        await page.WaitForURLAsync($"**/inbox/{id}", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator("h1")).ToContainTextAsync("asks for doc:write");

        for (var i = 0; i < 60 && await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()") != "Approve"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".notice")).ToContainTextAsync("You approved this request.");
        Assert.Equal(200, (await server.PollAsync("c1", code)).Status);
    }

    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalAccessibilityViolation()
    {
        var (_, id) = await server.DeferAsync("c3", "doc:write", "doc-a11y");
        var page = await server.SignedInPageAsync("bob");
        foreach (var path in new[] { "/inbox", $"/inbox/{id}", "/inbox/standing", "/inbox/delegations", "/inbox/history", "/inbox/signout", "/inbox/no-such-request" })
        {
            await page.GotoAsync(path);
            await AssertAccessibleAsync(page);
        }

        await page.GotoAsync("/inbox");
        await page.Locator($"input[name='ids'][value='{id}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Deny selected" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Denied together");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to your inbox");
        await AssertAccessibleAsync(page);
    }

    /// <summary>Presses Approve on a request's page; the agent's next poll gets a token for <paramref name="scope"/>.</summary>
    private async Task ApproveAndExpectTheTokenAsync(IPage page, string code, string scope)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("You approved this request.");

        var (status, token) = await server.PollAsync("agent", code);
        Assert.Equal(200, status);
        Assert.Equal(scope, token.GetProperty("scope").GetString());
    }
}
