using DeferredOrleans.TestSupport;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The web inbox through the real pipeline: sign-in and the session (cookie flags, deep links, idle and absolute
/// timeouts, sign-out), the pages (list, detail, bulk, standing decisions, delegations, history), the JSON API with
/// the session, and every refusal: a missing, forged or foreign anti-forgery token, a stale session, someone else's
/// request, hostile text, an oversized bulk selection. Each refusal is checked to change nothing.
/// </summary>
[Collection(InboxGatewayCollection.Name)]
public sealed partial class InboxPageTests(InboxGatewayFactory factory)
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    [Fact]
    public async Task DeepLink_WithoutSession_GoesToSignInAndBackToTheRequest()
    {
        var session = new InboxSession(factory);
        var (_, id) = await session.DeferAsync("agent", "doc:write", ("resource", "doc-1"));

        var link = await session.GetAsync($"/inbox/{id}");
        Assert.Equal(HttpStatusCode.Redirect, link.Status);
        Assert.EndsWith($"/inbox/signin?returnUrl=%2Finbox%2F{id}", link.Location, StringComparison.Ordinal);

        var signedIn = await session.SignInAsync("bob", returnUrl: $"/inbox/{id}");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"/inbox/{id}", signedIn.Headers.Location?.ToString());
        var page = await session.GetAsync($"/inbox/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Demo agent asks for doc:write", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithPassword_SetsAnHttpOnlyLaxSessionCookieRecordingHowAndWhen()
    {
        var session = new InboxSession(factory);

        var signedIn = await session.SignInAsync("alice");

        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("approver-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        var inbox = await session.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.Contains("Signed in as <strong>Alice</strong>", inbox.Html, StringComparison.Ordinal);
        Assert.Equal("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            inbox.Response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("no-store", inbox.Response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("nobody", "demo")]
    [InlineData("alice", "")]
    public async Task SignIn_WithWrongCredentials_IsRefusedWithoutSession(string user, string password)
    {
        var session = new InboxSession(factory);

        var refused = await session.SignInAsync(user, password);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("The user name or password is wrong.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).Status);
    }

    [Theory]
    [InlineData("https://evil.example/inbox")]
    [InlineData("//evil.example/inbox")]
    [InlineData("/\\evil.example/inbox")]
    [InlineData("javascript:alert(1)")]
    [InlineData("inbox")]
    public async Task SignIn_ReturnUrlOffThisServer_GoesToTheInboxInstead(string returnUrl)
    {
        var session = new InboxSession(factory);

        var signedIn = await session.SignInAsync("alice", returnUrl: returnUrl);

        Assert.Equal("/inbox", signedIn.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Decision_WithoutAntiforgeryToken_IsRefusedAndNothingChanges()
    {
        var session = await SignedInAsync("bob");
        var (code, id) = await session.DeferAsync("agent", "doc:write", ("resource", "doc-2"));

        var refused = await session.PostFormAsync($"/inbox/{id}", token: null, ("decision", "approve"));

        AssertFormRefused(refused);
        await AssertPendingAsync(session, "agent", code);
    }

    [Fact]
    public async Task Decision_WithForgedAntiforgeryToken_IsRefusedAndNothingChanges()
    {
        var session = await SignedInAsync("bob");
        var (code, id) = await session.DeferAsync("agent", "doc:write", ("resource", "doc-3"));

        var refused = await session.PostFormAsync($"/inbox/{id}", "CfDJ8Forged-token-that-was-never-issued", ("decision", "approve"));

        AssertFormRefused(refused);
        await AssertPendingAsync(session, "agent", code);
    }

    [Fact]
    public async Task Decision_WithAnotherSessionsToken_IsRefusedAndNothingChanges()
    {
        var bob = await SignedInAsync("bob");
        var carol = await SignedInAsync("carol");
        var (code, id) = await bob.DeferAsync("agent", "doc:write", ("resource", "doc-4"));
        var carolsToken = InboxSession.Token((await carol.GetAsync("/inbox")).Html);

        var refused = await bob.PostFormAsync($"/inbox/{id}", carolsToken, ("decision", "approve"));

        AssertFormRefused(refused);
        await AssertPendingAsync(bob, "agent", code);
    }

    [Fact]
    public async Task Session_IdleLongerThanItsTimeout_IsStaleAndItsFormsChangeNothing()
    {
        var session = await SignedInAsync("bob");
        var (code, id) = await session.DeferAsync("agent", "doc:write", ("resource", "doc-5"));
        var token = InboxSession.Token((await session.GetAsync($"/inbox/{id}")).Html);

        factory.Time.Advance(TimeSpan.FromMinutes(31));
        var stale = await session.PostFormAsync($"/inbox/{id}", token, ("decision", "approve"));
        var page = await session.GetAsync("/inbox");

        Assert.Equal(HttpStatusCode.Redirect, stale.Status);
        Assert.Contains("/inbox/signin?returnUrl=", stale.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        await AssertPendingAsync(session, "agent", code);
    }

    [Fact]
    public async Task Session_InUseAllAlong_EndsAtItsAbsoluteTimeout()
    {
        var session = await SignedInAsync("carol");

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            factory.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/inbox/history")).Status);
        }

        factory.Time.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox/history")).Status);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var session = await SignedInAsync("alice");
        var token = InboxSession.Token((await session.GetAsync("/inbox")).Html);

        var signedOut = await session.PostFormAsync("/inbox/signout", token);

        Assert.Equal("/inbox/signin?signedOut=1", signedOut.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).Status);
    }

    [Fact]
    public async Task DeepLink_ToSomeoneElsesRequest_Is404LikeOneThatDoesNotExist()
    {
        var alice = await SignedInAsync("alice");
        var (code, id) = await alice.DeferAsync("agent", "doc:write", ("resource", "doc-6"));
        var token = InboxSession.Token((await alice.GetAsync("/inbox")).Html);

        var someoneElses = await alice.GetAsync($"/inbox/{id}");
        var missing = await alice.GetAsync($"/inbox/{new string('A', 43)}");
        var malformed = await alice.GetAsync("/inbox/not-an-id");
        var decide = await alice.PostFormAsync($"/inbox/{id}", token, ("decision", "approve"));

        foreach (var page in new[] { someoneElses, missing, malformed, decide })
        {
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Contains("No request with this address is routed to you.", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Demo agent", page.Html, StringComparison.Ordinal);
        }

        await AssertPendingAsync(alice, "agent", code);
    }

    [Fact]
    public async Task HostileText_InNamesReasonsBindingMessagesAndDetails_IsShownEscapedNeverAsMarkup()
    {
        var bob = await SignedInAsync("bob");
        var alice = await SignedInAsync("alice");
        var carol = await SignedInAsync("carol");
        var (_, evil) = await bob.DeferAsync("evil", "doc:write", ("resource", "doc-7"));
        var ciba = await bob.ClientPostAsync("/bc-authorize", "ciba", ("scope", "openid"), ("login_hint", "alice"), ("binding_message", "<img src=x onerror=alert(1)>"));
        Assert.True(ciba.Status == HttpStatusCode.OK, ciba.Body);
        var cibaId = Gateway.OAuth.DeferralCodes.Id(ciba.Json.GetProperty("auth_req_id").GetString()!);
        var details = """[{"type":"payment_initiation","instructedAmount":{"amount":"250","currency":"EUR"},"creditorName":"<script>alert('details')</script>"}]""";
        var (_, payment) = await bob.DeferAsync("payer", "", ("authorization_details", details));
        var token = InboxSession.Token((await bob.GetAsync($"/inbox/{evil}")).Html);
        await bob.PostFormAsync($"/inbox/{evil}", token, ("decision", "deny"), ("reason", "<script>alert('reason')</script>"));

        var pages = new[]
        {
            await bob.GetAsync("/inbox"), await bob.GetAsync($"/inbox/{evil}"), await bob.GetAsync("/inbox/history"),
            await alice.GetAsync($"/inbox/{cibaId}"), await carol.GetAsync($"/inbox/{payment}"), await carol.GetAsync("/inbox"),
        };

        foreach (var page in pages)
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotMatch(InlineScript(), page.Html);
            Assert.DoesNotContain("<img src=x", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>Evil</b>", page.Html, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;script&gt;alert(&#x27;client&#x27;)&lt;/script&gt;&lt;b&gt;Evil&lt;/b&gt; &amp; Co", pages[1].Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;reason&#x27;)&lt;/script&gt;", pages[2].Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", pages[3].Html, StringComparison.Ordinal);
        Assert.Contains("payment of 250 EUR to &lt;script&gt;alert(&#x27;details&#x27;)&lt;/script&gt;", pages[4].Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_ShowsThePaymentInPlainWordsTheRuleAndTheHistory()
    {
        var carol = await SignedInAsync("carol");
        var details = """[{"type":"payment_initiation","instructedAmount":{"amount":"250","currency":"EUR"},"creditorName":"ACME"},{"type":"customer_information","actions":["read"],"locations":["https://bank.example/customers"]}]""";
        var (_, id) = await carol.DeferAsync("payer", "", ("authorization_details", details), ("risk_signals", RiskEngine.Assertion("payer", carol.Factory.Time.GetUtcNow(), new() { ["score"] = 72, ["new_device"] = true })));

        var page = await carol.GetAsync($"/inbox/{id}");

        Assert.Contains("payment of 250 EUR to ACME", page.Html, StringComparison.Ordinal);
        Assert.Contains("customer information: read at https://bank.example/customers", page.Html, StringComparison.Ordinal);
        Assert.Contains("Policy rule <strong>payments-need-carol</strong>", page.Html, StringComparison.Ordinal);
        Assert.Contains("rule payments-need-carol, step approver: named by the rule", page.Html, StringComparison.Ordinal);
        Assert.Contains("score: 72", page.Html, StringComparison.Ordinal);
        Assert.Contains("new device: yes", page.Html, StringComparison.Ordinal);
        Assert.Contains("deferral.created", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActorChain_OfATokenExchange_ShowsInThePageAndTheJsonApi()
    {
        var bob = await SignedInAsync("bob");
        var assistant = await bob.TokenAsync("assistant-y", ("grant_type", "client_credentials"), ("scope", "docs:read"), ("resource", "http://localhost"));
        Assert.Equal(HttpStatusCode.OK, assistant.Status);
        var exchange = await bob.TokenAsync("agent-x", ("grant_type", TokenExchange), ("subject_token", assistant.Json.GetProperty("access_token").GetString()!),
            ("subject_token_type", AccessTokenType), ("scope", "doc:write"), ("resource", "doc-8"), ("completion_mode", "deferred"));
        Assert.Equal("authorization_pending", exchange.Error);
        var id = Gateway.OAuth.DeferralCodes.Id(exchange.Json.GetProperty("deferral_code").GetString()!);
        var (_, assistantId) = await bob.DeferAsync("assistant-y", "doc:write", ("resource", "doc-9"));

        var page = await bob.GetAsync($"/inbox/{id}");
        var api = JsonDocument.Parse(await bob.Http.GetStringAsync(new Uri($"/approvals/{id}", UriKind.Relative))).RootElement.GetProperty("item");
        var direct = JsonDocument.Parse(await bob.Http.GetStringAsync(new Uri($"/approvals/{assistantId}", UriKind.Relative))).RootElement.GetProperty("item");

        Assert.Contains("agent-x acting for assistant-y acting for alice", page.Html, StringComparison.Ordinal);
        Assert.Equal(["agent-x", "assistant-y"], api.GetProperty("actor_chain").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("alice", api.GetProperty("subject").GetString());
        Assert.Equal(["assistant-y"], direct.GetProperty("actor_chain").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Approve_NarrowedToOneScope_TheTokenCarriesOnlyThatScope()
    {
        var bob = await SignedInAsync("bob");
        var (code, id) = await bob.DeferAsync("agent", "doc:write docs:read", ("resource", "doc-10"));
        var page = await bob.GetAsync($"/inbox/{id}");

        var approved = await bob.PostFormAsync($"/inbox/{id}", InboxSession.Token(page.Html), ("decision", "approve"), ("scopes_shown", "1"), ("scope", "doc:write"));
        var token = await bob.PollAsync("agent", code);

        Assert.Equal(HttpStatusCode.Redirect, approved.Status);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("doc:write", token.Json.GetProperty("scope").GetString());
        Assert.Equal("doc:write", Jwt.Payload(token.Json.GetProperty("access_token").GetString()!).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Approve_WithAScopeNotRequested_IsRefusedAndNothingChanges()
    {
        var bob = await SignedInAsync("bob");
        var (code, id) = await bob.DeferAsync("agent", "doc:write", ("resource", "doc-11"));
        var page = await bob.GetAsync($"/inbox/{id}");

        var refused = await bob.PostFormAsync($"/inbox/{id}", InboxSession.Token(page.Html), ("decision", "approve"), ("scopes_shown", "1"), ("scope", "doc:write"), ("scope", "admin:users"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("may only narrow what was asked", refused.Html, StringComparison.Ordinal);
        await AssertPendingAsync(bob, "agent", code);
    }

    [Fact]
    public async Task Approve_WithStandingDecision_ShowsWhatItCoversLetsTheNextThroughAndCanBeRevoked()
    {
        var bob = await SignedInAsync("bob");
        var (_, id) = await bob.DeferAsync("c3", "doc:write", ("resource", "doc-12"));
        var page = await bob.GetAsync($"/inbox/{id}");
        Assert.Contains("later requests of\n                <strong>Client Three</strong> under rule <strong>write-doc-needs-owner</strong>", page.Html, StringComparison.Ordinal);

        var approved = await bob.PostFormAsync($"/inbox/{id}", InboxSession.Token(page.Html), ("decision", "approve"), ("standing", "4"));
        var shown = await bob.GetAsync(approved.Location!);
        var next = await bob.TokenAsync("c3", ("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-12"), ("completion_mode", "deferred"));
        var standing = await bob.GetAsync("/inbox/standing");
        var standingId = StandingRow().Match(standing.Html).Groups[1].Value;
        var revoked = await bob.PostFormAsync("/inbox/standing?handler=revoke", InboxSession.Token(standing.Html), ("id", standingId));
        var after = await bob.TokenAsync("c3", ("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-12"), ("completion_mode", "deferred"));

        Assert.Contains("approves, until", shown.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal("/inbox/standing?revoked=1", revoked.Location);
        Assert.Equal("authorization_pending", after.Error);
        var again = await bob.PostFormAsync("/inbox/standing?handler=revoke", InboxSession.Token((await bob.GetAsync("/inbox/standing")).Html), ("id", standingId));
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task Bulk_TickedRequests_AreDecidedInOneActionWithAResultEach()
    {
        var bob = await SignedInAsync("bob");
        var mine = new List<(string Code, string Id)>();
        foreach (var client in new[] { "c1", "c2" })
        {
            mine.Add(await bob.DeferAsync(client, "doc:write", ("resource", $"doc-b-{client}")));
        }

        var (aliceCode, alices) = await bob.DeferAsync("agent", "doc:write", ("resource", "doc-789"));
        var list = await bob.GetAsync("/inbox");

        var result = await bob.PostFormAsync("/inbox/bulk", InboxSession.Token(list.Html),
            [("decision", "approve"), ("reason", "batch"), .. mine.Select(m => ("ids", m.Id)), ("ids", alices)]);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("2 of 3 approved.", result.Html, StringComparison.Ordinal);
        Assert.Contains($"data-id=\"{alices}\" class=\"not-done\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("not routed to you", result.Html, StringComparison.Ordinal);
        foreach (var (code, _) in mine)
        {
            Assert.Equal(HttpStatusCode.OK, (await bob.PollAsync(code == mine[0].Code ? "c1" : "c2", code)).Status);
        }

        await AssertPendingAsync(bob, "agent", aliceCode);
    }

    [Fact]
    public async Task Bulk_AllFromOneClient_TakesOnlyWhatThePageShowed()
    {
        var bob = await SignedInAsync("bob");
        var (shownCode, _) = await bob.DeferAsync("c2", "doc:write", ("resource", "doc-g1"));
        var list = await bob.GetAsync("/inbox?client=c2");
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var (laterCode, _) = await bob.DeferAsync("c2", "doc:write", ("resource", "doc-g2"));
        var asOf = AsOf().Match(list.Html).Groups[1].Value;

        var result = await bob.PostFormAsync("/inbox/bulk?client=c2", InboxSession.Token(list.Html), ("decision", "deny"), ("as_of", asOf));

        Assert.True(result.Status == HttpStatusCode.OK, result.Html);
        Assert.Equal("access_denied", (await bob.PollAsync("c2", shownCode)).Error);
        await AssertPendingAsync(bob, "c2", laterCode);
    }

    [Fact]
    public async Task Bulk_MoreThanTheLimit_IsRefusedWholeAndNothingChanges()
    {
        var bob = await SignedInAsync("bob");
        var requests = new List<(string Code, string Id)>();
        for (var i = 0; i <= InboxGatewayFactory.MaxBulk; i++)
        {
            requests.Add(await bob.DeferAsync("c1", "doc:write", ("resource", $"doc-over-{i}")));
        }

        var list = await bob.GetAsync("/inbox");
        var refused = await bob.PostFormAsync("/inbox/bulk", InboxSession.Token(list.Html), [("decision", "approve"), .. requests.Select(r => ("ids", r.Id))]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains($"{InboxGatewayFactory.MaxBulk + 1} requests were selected; at most {InboxGatewayFactory.MaxBulk} can be decided at once.", refused.Html, StringComparison.Ordinal);
        foreach (var (code, _) in requests)
        {
            await AssertPendingAsync(bob, "c1", code);
        }
    }

    [Fact]
    public async Task List_GroupsByClientAndResourceAndFilters()
    {
        var dave = await SignedInAsync("dave");
        await dave.DeferAsync("agent", "admin:users");

        var all = await dave.GetAsync("/inbox");
        var filtered = await dave.GetAsync("/inbox?rule=no-such-rule");

        Assert.Contains("<a href=\"/inbox?client=agent\">Demo agent</a>", all.Html, StringComparison.Ordinal);
        Assert.Contains("quorum: 0 of 2 approved (3 may decide)", all.Html, StringComparison.Ordinal);
        Assert.Contains("as a member of the approving group", all.Html, StringComparison.Ordinal);
        Assert.Contains("Nothing is waiting for you that matches these filters.", filtered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<tr data-id=", filtered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delegation_SetThenEnded_RoutesToTheDelegateMeanwhile()
    {
        var alice = await SignedInAsync("alice");
        var carol = await SignedInAsync("carol");
        var page = await alice.GetAsync("/inbox/delegations");

        var set = await alice.PostFormAsync("/inbox/delegations?handler=set", InboxSession.Token(page.Html), ("to", "carol"), ("resources", "doc-789"));
        var (code, id) = await alice.DeferAsync("agent", "doc:write", ("resource", "doc-789"));
        var asDelegate = await carol.GetAsync($"/inbox/{id}");
        var mine = await alice.GetAsync("/inbox/delegations");
        var delegationId = DelegationRow().Match(mine.Html).Groups[1].Value;
        var ended = await alice.PostFormAsync("/inbox/delegations?handler=end", InboxSession.Token(mine.Html), ("id", delegationId));
        var (_, later) = await alice.DeferAsync("agent", "doc:write", ("resource", "doc-789"));

        Assert.Equal("/inbox/delegations?done=set", set.Location);
        Assert.Contains("as delegate for alice", asDelegate.Html, StringComparison.Ordinal);
        Assert.Equal("/inbox/delegations?done=ended", ended.Location);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/inbox/{later}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync($"/inbox/{later}")).Status);
        await AssertPendingAsync(alice, "agent", code);
    }

    [Fact]
    public async Task Delegation_ToNobody_IsRefusedAndNothingChanges()
    {
        var alice = await SignedInAsync("alice");
        var page = await alice.GetAsync("/inbox/delegations");

        var refused = await alice.PostFormAsync("/inbox/delegations?handler=set", InboxSession.Token(page.Html), ("to", "nobody"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Nothing was changed.", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=end", refused.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ListsMyDecisionsOnly()
    {
        var carol = await SignedInAsync("carol");
        var dave = await SignedInAsync("dave");
        var (_, id) = await carol.DeferAsync("agent", "admin:users");
        var page = await carol.GetAsync($"/inbox/{id}");
        await carol.PostFormAsync($"/inbox/{id}", InboxSession.Token(page.Html), ("decision", "approve"), ("reason", "carol-history-check"));

        var carols = await carol.GetAsync("/inbox/history");
        var daves = await dave.GetAsync("/inbox/history");

        Assert.Contains("carol-history-check", carols.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("carol-history-check", daves.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonApi_WithTheSession_ReadsButChangesOnlyFromThisServersPages()
    {
        var bob = await SignedInAsync("bob");
        var (code, id) = await bob.DeferAsync("agent", "doc:write", ("resource", "doc-13"));

        var list = await bob.Http.GetAsync(new Uri("/approvals", UriKind.Relative));
        var noOrigin = await SendJsonAsync(bob, $"/approvals/{id}/approve", origin: null);
        var foreign = await SendJsonAsync(bob, $"/approvals/{id}/approve", origin: "https://evil.example");
        await AssertPendingAsync(bob, "agent", code);
        var sameOrigin = await SendJsonAsync(bob, $"/approvals/{id}/approve", origin: "http://localhost");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PollAsync("agent", code)).Status);
    }

    [Fact]
    public async Task JsonApi_WithoutSessionOrCredentials_StillAnswers401Json()
    {
        var session = new InboxSession(factory);

        var response = await session.Http.GetAsync(new Uri("/approvals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_TellTheOpenPageOfNewAndDecidedRequests()
    {
        var carol = await SignedInAsync("carol");
        var dave = await SignedInAsync("dave");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/inbox/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await carol.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal("retry: 3000", await reader.ReadLineAsync(cancel.Token));

        var (code, id) = await carol.DeferAsync("agent", "admin:users");
        Assert.Equal($$"""{"kind":"added","ids":["{{id}}"]}""", await NextEventAsync(reader, cancel.Token));
        var page = await dave.GetAsync($"/inbox/{id}");
        await dave.PostFormAsync($"/inbox/{id}", InboxSession.Token(page.Html), ("decision", "approve"));
        Assert.Equal($$"""{"kind":"updated","ids":["{{id}}"]}""", await NextEventAsync(reader, cancel.Token));
        await dave.TokenAsync("agent", ("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", code));
        var status = await carol.GetAsync($"/inbox/{id}?handler=Status");
        Assert.Contains("quorum: 1 of 2 approved", status.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_WithoutSession_Are401NotARedirect()
    {
        var session = new InboxSession(factory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/inbox/events");
        request.Headers.Accept.ParseAdd("text/event-stream");

        var response = await session.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Assets_AreServedFromTheAssemblyUnderThePolicy()
    {
        var session = new InboxSession(factory);

        var script = await session.Http.GetAsync(new Uri("/inbox/assets/inbox.js", UriKind.Relative));
        var style = await session.Http.GetAsync(new Uri("/inbox/assets/inbox.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private async Task<InboxSession> SignedInAsync(string user)
    {
        var session = new InboxSession(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync(user)).StatusCode);
        return session;
    }

    private static async Task<HttpResponseMessage> SendJsonAsync(InboxSession session, string path, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = OAuthTestClient.Json("{}") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await session.Http.SendAsync(request);
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

    private static void AssertFormRefused(Page refused)
    {
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("This form could not be accepted", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", refused.Html, StringComparison.Ordinal);
    }

    private static async Task AssertPendingAsync(InboxSession session, string client, string code) =>
        Assert.Equal("authorization_pending", (await session.PollAsync(client, code)).Error);

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("<tr data-id=\"(sd-[^\"]+)\"")]
    private static partial Regex StandingRow();

    [GeneratedRegex("<tr data-id=\"(alice-away-[^\"]+)\"")]
    private static partial Regex DelegationRow();

    [GeneratedRegex("name=\"as_of\" value=\"(\\d+)\"")]
    private static partial Regex AsOf();
}
