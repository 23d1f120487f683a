using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A rule that asks its approvers for a recent passkey sign-in (inbox.json's sign-doc-needs-passkey), through the
/// JSON API and the passkey endpoints: a password's approval is refused as RFC 9470 insufficient_user_authentication
/// and changes nothing, a denial needs no step-up, and the passkey ceremonies refuse bad input with §5.2-shaped JSON.
/// </summary>
[Collection(InboxGatewayCollection.Name)]
public sealed class StepUpApiTests(InboxGatewayFactory factory)
{
    [Fact]
    public async Task Approve_WithAPasswordUnderAPasskeyRule_IsRefusedAsInsufficientUserAuthenticationAndChangesNothing()
    {
        var session = new InboxSession(factory);
        var (_, id) = await session.DeferAsync("agent", "doc:sign", ("resource", "doc-step-up-1"));

        using var approve = await BasicAsync(HttpMethod.Post, $"/approvals/{id}/approve", "bob", "{}");
        var body = JsonDocument.Parse(await approve.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, approve.StatusCode);
        Assert.Equal("insufficient_user_authentication", body.GetProperty("error").GetString());
        Assert.Contains("a sign-in with a passkey within the last 5 minutes", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Contains("max_age=300", approve.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var view = await BasicAsync(HttpMethod.Get, $"/approvals/{id}", "bob");
        var item = JsonDocument.Parse(await view.Content.ReadAsStringAsync()).RootElement.GetProperty("item");
        Assert.Equal("pending", item.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Deny_WithAPasswordUnderAPasskeyRule_IsRecorded()
    {
        var session = new InboxSession(factory);
        var (code, id) = await session.DeferAsync("agent", "doc:sign", ("resource", "doc-step-up-2"));

        using var deny = await BasicAsync(HttpMethod.Post, $"/approvals/{id}/deny", "bob", """{"reason":"not now"}""");

        Assert.Equal(HttpStatusCode.OK, deny.StatusCode);
        Assert.Equal("access_denied", (await session.PollAsync("agent", code)).Error);
    }

    [Fact]
    public async Task BulkApprove_WithAPasswordUnderAPasskeyRule_ReportsTheItemAsNeedingAStepUp()
    {
        var session = new InboxSession(factory);
        var (_, id) = await session.DeferAsync("agent", "doc:sign", ("resource", "doc-step-up-3"));

        using var bulk = await BasicAsync(HttpMethod.Post, "/approvals/bulk", "bob", JsonSerializer.Serialize(new { ids = new[] { id }, decision = "approve" }));
        var result = JsonDocument.Parse(await bulk.Content.ReadAsStringAsync()).RootElement.GetProperty("results")[0];

        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.Equal("insufficient_user_authentication", result.GetProperty("result").GetString());
        Assert.Equal("pending", result.GetProperty("status").GetString());
    }

    public static TheoryData<string, string, string> BadPasskeyRequests() => new()
    {
        // path, JSON body, expected error
        { "/inbox/passkeys/signin", """{"credential":{"id":"x","rawId":"x","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AA","signature":"AA"}}}""", "invalid_request" },
        { "/inbox/passkeys/signin", """{"credential":42}""", "invalid_request" },
        { "/inbox/passkeys/signin", """[1,2,3]""", "invalid_request" },
        { "/inbox/passkeys/signin", """{"credential":""", "invalid_request" },
        { "/inbox/passkeys/register", """{"name":"laptop","credential":{}}""", "invalid_request" },
        { "/inbox/passkeys/register", """{"name":"","credential":{}}""", "invalid_request" },
    };

    [Theory]
    [MemberData(nameof(BadPasskeyRequests))]
    public async Task PasskeyCeremony_WithBadInput_IsRefusedWithAJsonErrorAndSignsNobodyIn(string path, string json, string error)
    {
        var session = new InboxSession(factory);
        if (path.Contains("register", StringComparison.Ordinal))
        {
            await session.SignInAsync("carol");
        }

        var page = await session.GetAsync(path.Contains("register", StringComparison.Ordinal) ? "/inbox/profile" : "/inbox/signin");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-CSRF-Token", InboxSession.Token(page.Html));

        using var response = await session.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("approver-session=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)));
    }

    public static TheoryData<string, string, string> ForgedAnswers() => new()
    {
        // the ceremony begun, then an answer that is not the authenticator's: garbage CBOR, an unknown credential
        { "/inbox/passkeys/register", """{"name":"laptop","credential":{"id":"AQID","rawId":"AQID","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"v_____8"}}}""", "access_denied" },
        { "/inbox/passkeys/register", """{"name":"laptop","credential":{"id":"AQID","rawId":"AQID","type":"public-key","response":{"clientDataJSON":"bm90IGpzb24","attestationObject":"oA"}}}""", "access_denied" },
        { "/inbox/passkeys/signin", """{"credential":{"id":"AQID","rawId":"AQID","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AA","signature":"AA","userHandle":"Y2Fyb2w"}}}""", "access_denied" },
    };

    [Theory]
    [MemberData(nameof(ForgedAnswers))]
    public async Task PasskeyCeremony_WithAForgedAnswer_IsRefusedWithAJsonErrorNeverA500(string path, string json, string error)
    {
        var session = new InboxSession(factory);
        var register = path.Contains("register", StringComparison.Ordinal);
        if (register)
        {
            await session.SignInAsync("carol");
        }

        var token = InboxSession.Token((await session.GetAsync(register ? "/inbox/profile" : "/inbox/signin")).Html);
        using var options = new HttpRequestMessage(HttpMethod.Post, $"{path}/options") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        options.Headers.Add("X-CSRF-Token", token);
        using var begun = await session.Http.SendAsync(options);
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        Assert.True(JsonDocument.Parse(await begun.Content.ReadAsStringAsync()).RootElement.GetProperty("challenge").GetString()!.Length >= 16);

        using var answer = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        answer.Headers.Add("X-CSRF-Token", token);
        using var response = await session.Http.SendAsync(answer);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PasskeySignInOptions_WithoutTheAntiforgeryToken_AreRefused()
    {
        var session = new InboxSession(factory);
        await session.GetAsync("/inbox/signin");

        using var response = await session.Http.PostAsync(new Uri("/inbox/passkeys/signin/options", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("inbox-passkey=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PasskeySignIn_WithAMalformedMultipartBody_IsRefusedNeverA500()
    {
        var session = new InboxSession(factory);
        using var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        using var response = await session.Http.PostAsync(new Uri("/inbox/passkeys/signin", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    private async Task<HttpResponseMessage> BasicAsync(HttpMethod method, string path, string user, string? json = null)
    {
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:demo")));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }
}
