using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeferredOrleans.BrowserTests;

/// <summary>
/// The real gateway as a process on a free loopback port (a real Kestrel listener, the inbox test organization of
/// tests/Shared/inbox.json) and Debian's headless Chromium driven by Playwright. Playwright never downloads a
/// browser here: it launches <c>/usr/bin/chromium</c>, which scripts/install-tools.sh installs.
/// </summary>
public sealed class InboxServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDatabase _database = new("browser");
    private IPlaywright? _playwright;

    public GatewayProcess Gateway { get; private set; } = null!;

    /// <summary>The real SMTP server (aiosmtpd) the gateway sends approvers' notifications to.</summary>
    public SmtpServer Mail { get; private set; } = null!;

    /// <summary>The organisation's OpenID Provider (node-oidc-provider) that the gateway offers as a way to sign in.</summary>
    public UpstreamProvider Upstream { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string Address => Gateway.Issuer;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-tools.sh (as root it installs Debian's chromium package).");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var port = LoopbackPorts.Free();
        Mail = await SmtpServer.StartedAsync();
        Upstream = await UpstreamProvider.StartAsync($"http://localhost:{port}/inbox/signin/oidc/callback");
        Gateway = await GatewayProcess.StartAsync(new GatewayLaunch(_database.Path)
        {
            ConfigFile = Path.Combine(AppContext.BaseDirectory, "inbox.json"),
            LogLevel = "Warning",
            Port = port,
            Settings = new Dictionary<string, string>
            {
                ["DeferredOrleans__Inbox__Oidc__Authority"] = Upstream.Issuer,
                ["DeferredOrleans__Inbox__Oidc__ClientId"] = UpstreamProvider.ClientId,
                ["DeferredOrleans__Inbox__Oidc__ClientSecret"] = Upstream.ClientSecret,
                ["DeferredOrleans__Inbox__Oidc__DisplayName"] = "Example Org",
                ["DeferredOrleans__Inbox__Oidc__RequireHttpsMetadata"] = "false",
                ["DeferredOrleans__Notifications__Smtp__Host"] = "127.0.0.1",
                ["DeferredOrleans__Notifications__Smtp__Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["DeferredOrleans__Notifications__Smtp__Security"] = "None",
            },

            // WebAuthn binds passkeys to a domain (the RP ID), never an IP address: the browser visits localhost.
            Host = "localhost",
        });
        Http = new HttpClient { BaseAddress = Gateway.Address };
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        Mail?.Dispose();

        _database.Dispose();
    }

    /// <summary>A fresh browser profile (its own cookies) with a page, at a desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>Signs in through the form, as a person would.</summary>
    public async Task<IPage> SignedInPageAsync(string user, string path = "/inbox")
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(user);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("demo");
        IResponse? answer = null;
        page.Response += (_, response) => answer = response.Request.Method == "POST" ? response : answer;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/inbox/signin", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException timeout)
        {
            // Say what the sign-in came to: no answer at all, or a refusal and the words the page showed.
            var said = answer is null ? "the form got no answer" : $"the form was answered {answer.Status}: {await page.Locator("main").InnerTextAsync(new() { Timeout = 2_000 })}";
            throw new TimeoutException($"{user} was still on {page.Url} after signing in; {said}", timeout);
        }

        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A token request of one of inbox.json's clients (secret: its id with "-pw").</summary>
    public async Task<(int Status, JsonElement Body)> TokenAsync(string client, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client}:{client}-pw")));
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Starts a deferred client_credentials request: its code and approval id.</summary>
    public async Task<(string Code, string Id)> DeferAsync(string client, string scope, string resource)
    {
        var (status, body) = await TokenAsync(client, ("grant_type", "client_credentials"), ("scope", scope), ("resource", resource), ("completion_mode", "deferred"));
        Assert.True(status == 400 && body.GetProperty("error").GetString() == "authorization_pending", body.ToString());
        var code = body.GetProperty("deferral_code").GetString()!;
        return (code, ApprovalIds.Of(code));
    }

    /// <summary>The agent's poll once its interval (1 s here) has passed: the token response, or the error.</summary>
    public async Task<(int Status, JsonElement Body)> PollAsync(string client, string code)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        return await TokenAsync(client, ("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", code));
    }
}
