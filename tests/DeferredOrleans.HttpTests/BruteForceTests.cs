using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using DeferredOrleans.Gateway.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Online guessing through the whole pipeline: wrong passwords lock the account (429 with Retry-After, an
/// OAuth-style body, no-store) while other accounts sign in; spraying many accounts from one address meets the
/// per-address limit; an unknown account costs exactly the PBKDF2 work of a known one (counted, never timed).
/// </summary>
[Collection(BruteForceCollection.Name)]
public sealed class BruteForceTests(BruteForceGatewayFactory factory)
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task ApprovalApi_ManyWrongPasswords_LockTheAccountWith429_AnotherAccountStillSignsIn()
    {
        const string from = "198.51.100.1";

        var guesses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            guesses.Add(await SendAsync(HttpMethod.Get, "/approvals", from, Basic("approver", $"guess-{i}")));
        }

        var rightButLocked = await SendAsync(HttpMethod.Get, "/approvals", from, Basic("approver", "approver-pw"));
        var otherAccount = await SendAsync(HttpMethod.Get, "/approvals", from, Basic("bob", "bob-pw"));
        factory.Time.Advance(TimeSpan.FromSeconds(61));
        var afterTheWait = await SendAsync(HttpMethod.Get, "/approvals", from, Basic("approver", "approver-pw"));

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)), guesses.Select(g => g.StatusCode));
        foreach (var refused in guesses.Skip(5).Append(rightButLocked))
        {
            await AssertTooManyAsync(refused, "too_many_requests", maxSeconds: 60);
        }

        Assert.Equal("60", guesses[5].Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, rightButLocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterTheWait.StatusCode);
    }

    [Fact]
    public async Task Token_WrongClientSecrets_LockTheClientWith429_OtherClientsUnaffected()
    {
        const string from = "198.51.100.2";

        var guesses = new List<HttpResponseMessage>();
        for (var i = 0; i < 7; i++)
        {
            guesses.Add(await TokenAsync(from, "c2", $"guess-{i}"));
        }

        var rightButLocked = await TokenAsync(from, "c2", "c2-secret");
        var otherClient = await TokenAsync(from, "c1", "c1-secret");
        factory.Time.Advance(TimeSpan.FromSeconds(61));
        var afterTheWait = await TokenAsync(from, "c2", "c2-secret");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), guesses.Select(g => g.StatusCode));
        await AssertTooManyAsync(guesses[^1], "too_many_requests", maxSeconds: 60);
        await AssertTooManyAsync(rightButLocked, "too_many_requests", maxSeconds: 60);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterTheWait.StatusCode);
    }

    [Fact]
    public async Task Ciba_WrongUserCodes_LockTheUserCode()
    {
        const string from = "198.51.100.3";

        var guesses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            guesses.Add(await CibaAsync(from, $"{1000 + i}"));
        }

        var right = await CibaAsync(from, "4711");
        factory.Time.Advance(TimeSpan.FromSeconds(61));
        var afterTheWait = await CibaAsync(from, "4711");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.BadRequest, 5).Append(HttpStatusCode.TooManyRequests), guesses.Select(g => g.StatusCode));
        await AssertTooManyAsync(guesses[^1], "too_many_requests", maxSeconds: 60);
        await AssertTooManyAsync(right, "too_many_requests", maxSeconds: 60);
        Assert.Equal(HttpStatusCode.OK, afterTheWait.StatusCode);
    }

    /// <summary>
    /// Password spraying: one guess each on many accounts never locks one, but the address runs out of its 30
    /// requests; from then on every request from it, however hostile, gets the limiter's 429, never a 5xx.
    /// </summary>
    [Fact]
    public async Task PerAddressLimit_SprayingManyAccounts_429WithRetryAfter_OtherAddressesServed()
    {
        const string from = "198.51.100.4";

        var sprayed = new List<HttpResponseMessage>();
        for (var i = 0; i < 45; i++)
        {
            sprayed.Add(await SendAsync(HttpMethod.Get, "/approvals", from, Basic($"user-{i}", "Winter2026!")));
        }

        var hostile = new List<HttpResponseMessage>();
        foreach (var (method, path) in new[] { ("POST", "/token"), ("POST", "/approvals/bulk"), ("PUT", "/admin/directory/users/x"), ("POST", "/connectors/change-board/callback"), ("POST", "/bc-authorize"), ("POST", "/revoke") })
        {
            var content = new ByteArrayContent([.. "{\"reason\":\""u8, 0xff, .. "\"}"u8]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            hostile.Add(await SendAsync(new HttpMethod(method), path, from, Basic("approver", "approver-pw"), content));
        }

        var elsewhere = await SendAsync(HttpMethod.Get, "/approvals", "198.51.100.5", Basic("carol", "carol-pw"));

        Assert.All(sprayed, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.True(sprayed.Count(r => r.StatusCode == HttpStatusCode.Unauthorized) >= 30, "the first 30 are answered");
        Assert.True(sprayed.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests) >= 5, "the rest meet the limit");
        foreach (var refused in sprayed.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Concat(hostile))
        {
            await AssertTooManyAsync(refused, "too_many_requests", maxSeconds: 60);
        }

        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    /// <summary>
    /// Enumeration by timing: each wrong guess costs exactly one PBKDF2 derivation, whether the account exists or
    /// not, and whether or not it signed in before; only a right secret seen before costs none. Answers are equal too.
    /// </summary>
    [Fact]
    public async Task UnknownAndKnownAccounts_WrongGuessesCostOnePbkdf2Each_AndAnswerAlike()
    {
        const string from = "198.51.100.6";
        var verifier = factory.Services.GetRequiredService<SecretVerifier>();

        async Task<(HttpStatusCode Status, string Body, long Derivations)> Measure(Func<Task<HttpResponseMessage>> send)
        {
            var before = verifier.Derivations;
            using var response = await send();
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), verifier.Derivations - before);
        }

        var unknownUser = await Measure(() => SendAsync(HttpMethod.Get, "/approvals", from, Basic("nobody-here", "guess")));
        var knownUser = await Measure(() => SendAsync(HttpMethod.Get, "/approvals", from, Basic("mallory", "guess")));
        var machineUser = await Measure(() => SendAsync(HttpMethod.Get, "/approvals", from, Basic("workflow", "guess")));
        var firstRight = await Measure(() => SendAsync(HttpMethod.Get, "/approvals", from, Basic("mallory", "mallory-pw")));
        var rightAgain = await Measure(() => SendAsync(HttpMethod.Get, "/approvals", from, Basic("mallory", "mallory-pw")));
        var wrongAfterRight = await Measure(() => SendAsync(HttpMethod.Get, "/approvals", from, Basic("mallory", "mallory-pw ")));
        var unknownClient = await Measure(() => TokenAsync(from, "nobody-client", "guess"));
        var knownClient = await Measure(() => TokenAsync(from, "cb", "guess"));
        var disabledClient = await Measure(() => TokenAsync(from, "disabled", "disabled-secret"));
        var publicClient = await Measure(() => TokenAsync(from, "p1", "guess"));

        Assert.Equal((HttpStatusCode.Unauthorized, 1L), (unknownUser.Status, unknownUser.Derivations));
        Assert.Equal((HttpStatusCode.Unauthorized, 1L), (knownUser.Status, knownUser.Derivations));
        Assert.Equal((HttpStatusCode.Unauthorized, 1L), (machineUser.Status, machineUser.Derivations));
        Assert.Equal(unknownUser.Body, knownUser.Body);
        Assert.Equal((HttpStatusCode.OK, 1L), (firstRight.Status, firstRight.Derivations));
        Assert.Equal((HttpStatusCode.OK, 0L), (rightAgain.Status, rightAgain.Derivations));
        Assert.Equal((HttpStatusCode.Unauthorized, 1L), (wrongAfterRight.Status, wrongAfterRight.Derivations));
        Assert.All(new[] { unknownClient, knownClient, disabledClient, publicClient }, c => Assert.Equal((HttpStatusCode.Unauthorized, 1L), (c.Status, c.Derivations)));
        Assert.Equal(unknownClient.Body, knownClient.Body);
        Assert.Equal(unknownClient.Body, disabledClient.Body);
    }

    /// <summary>
    /// A flood of guesses while PBKDF2 is at capacity (one slot and no queue here): what the server cannot check in
    /// time is refused with 503 and Retry-After, by the approval API as <c>temporarily_unavailable</c> and by the
    /// sign-in form in words that say the server is busy, never that the account tried too often; nothing else but
    /// the wrong password's 401.
    /// </summary>
    [Fact]
    public async Task Pbkdf2AtCapacity_ApiAndSignInForm_Answer503Busy_NotTooManyAttempts()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = InboxSession.Token(await browser.GetStringAsync(new Uri("/inbox/signin", UriKind.Relative)));

        var api = await FloodUntilBusyAsync(1, (user, from) =>
            SendAsync(HttpMethod.Get, "/approvals", from, Basic(user, "Winter2026!")));
        var form = await FloodUntilBusyAsync(2, (user, from) =>
            SendAsync(HttpMethod.Post, "/inbox/signin?handler=password", from, authorization: null,
                new FormUrlEncodedContent([new("username", user), new("password", "Winter2026!"), new("returnUrl", "/inbox"), new("__RequestVerificationToken", token)]), via: browser));

        foreach (var busy in api.Where(r => r.Status == HttpStatusCode.ServiceUnavailable))
        {
            Assert.InRange(int.Parse(busy.RetryAfter!, CultureInfo.InvariantCulture), 1, 60);
            Assert.Contains("\"error\":\"temporarily_unavailable\"", busy.Body, StringComparison.Ordinal);
        }

        foreach (var busy in form.Where(r => r.Status == HttpStatusCode.ServiceUnavailable))
        {
            Assert.InRange(int.Parse(busy.RetryAfter!, CultureInfo.InvariantCulture), 1, 60);
            Assert.Contains("The server is busy. Try again in a moment.", busy.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Too many attempts", busy.Body, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Sends rounds of 24 guesses at once, each for its own unknown account from its own address (so no account or
    /// address limit applies), until a round meets the full PBKDF2 gate; every answer is 401 or 503.
    /// </summary>
    private static async Task<List<(HttpStatusCode Status, string? RetryAfter, string Body)>> FloodUntilBusyAsync(int net, Func<string, string, Task<HttpResponseMessage>> send)
    {
        var answers = new List<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        for (var round = 0; round < 5 && !answers.Any(a => a.Status == HttpStatusCode.ServiceUnavailable); round++)
        {
            var sent = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
            {
                using var response = await send($"flood-{net}-{round}-{i}", $"198.18.{net * 10 + round}.{i + 1}");
                return (response.StatusCode, response.Headers.RetryAfter?.ToString(), await response.Content.ReadAsStringAsync());
            }));
            answers.AddRange(await Task.WhenAll(sent));
        }

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable, $"{(int)a.Status} {a.Body}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        return answers;
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string error, int maxSeconds)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode} {body}");
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, maxSeconds);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"error\":\"{error}\"", body, StringComparison.Ordinal);
    }

    private static AuthenticationHeaderValue Basic(string user, string secret) => OAuthTestClient.Basic(user, secret);

    private Task<HttpResponseMessage> TokenAsync(string from, string client, string secret) =>
        SendAsync(HttpMethod.Post, "/token", from, Basic(client, secret), new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "read")]));

    private Task<HttpResponseMessage> CibaAsync(string from, string userCode) =>
        SendAsync(HttpMethod.Post, "/bc-authorize", from, Basic("ciba-uc", "ciba-uc-secret"),
            new FormUrlEncodedContent([new("scope", "openid read"), new("login_hint", "erin"), new("user_code", userCode)]));

    /// <summary>A request from the address <paramref name="from"/>, through <paramref name="via"/> (one with cookies, for forms) or else the test's client.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string from, AuthenticationHeaderValue? authorization, HttpContent? content = null, HttpClient? via = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = authorization;
        request.Headers.Add(BruteForceGatewayFactory.AddressHeader, from);
        return await (via ?? _http).SendAsync(request);
    }
}
