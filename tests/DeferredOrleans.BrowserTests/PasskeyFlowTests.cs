using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static DeferredOrleans.BrowserTests.Accessibility;
using static Microsoft.Playwright.Assertions;

namespace DeferredOrleans.BrowserTests;

/// <summary>
/// Passkeys in Chromium with its virtual authenticator (CDP <c>WebAuthn.addVirtualAuthenticator</c>, a platform
/// authenticator that verifies the user and keeps discoverable credentials): a rule that asks for a recent passkey
/// refuses a password session's approval; the approver registers a passkey on the profile page, signs in again with
/// it and approves; the token's approval evidence says how (amr) without naming the approver; then a fresh sign-in
/// with the passkey alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyFlowTests(InboxServer server)
{
    [Fact]
    public async Task PasskeyRequiredRule_RefusesAPasswordSession_ThenTheApproverRegistersAPasskeyStepsUpAndApproves()
    {
        var (code, id) = await server.DeferAsync("agent", "doc:sign", "doc-passkey-1");
        var page = await server.SignedInPageAsync("bob", $"/inbox/{id}");
        await AddVirtualAuthenticatorAsync(page);

        // A password session: the page says what the rule asks, and an approval is refused with nothing changed.
        await Expect(page.Locator("#step-up")).ToContainTextAsync("a sign-in with a passkey within the last 5 minutes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.Locator(".problem")).ToContainTextAsync("This approval needs a sign-in with a passkey within the last 5 minutes");
        await AssertAccessibleAsync(page);
        Assert.Equal("authorization_pending", (await server.PollAsync("agent", code)).Body.GetProperty("error").GetString());

        // Register a passkey on the profile page.
        await page.GotoAsync("/inbox/profile");
        await Expect(page.Locator("#no-passkeys")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Name of this passkey").FillAsync("laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("registered=1", StringComparison.Ordinal));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Your passkey is registered");
        await Expect(page.Locator("table.passkeys tbody tr")).ToContainTextAsync("laptop");
        await AssertAccessibleAsync(page);

        // Step up: sign in again with the passkey, come back to the request, approve.
        await page.GotoAsync($"/inbox/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in again with a passkey" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm it is you");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/inbox/{id}", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("You approved this request.");

        var (status, token) = await server.PollAsync("agent", code);
        Assert.Equal(200, status);
        var approval = Claims(token.GetProperty("access_token").GetString()!).GetProperty("approval");
        Assert.Equal("""[["hwk","user"]]""", approval.GetProperty("amr").GetRawText());
        Assert.DoesNotContain("bob", approval.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // The passkey alone signs in, with no user name typed (a discoverable credential).
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to your inbox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
        await Expect(page.Locator("header.top")).ToContainTextAsync("Signed in as Bob");
        await page.GotoAsync("/inbox/profile");
        await Expect(page.Locator("table.passkeys tbody tr")).Not.ToContainTextAsync("never");
    }

    /// <summary>Chromium's virtual authenticator for this page: internal (platform), CTAP2, user verification, resident keys, presence simulated.</summary>
    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    private static JsonElement Claims(string jwt) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement.Clone();
}
