using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeferredOrleans.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// OpenID Connect Deferred Token Response Flow 1.0 draft 00 through the HTTP pipeline: <c>response_type=deferred_code</c>,
/// the code exchange (200 with <c>deferred_auth_id</c>), polls, the ping to a real listener with the client's
/// <c>deferred_notification_token</c>, cancellation, metadata, and the choices where the draft is silent.
/// </summary>
[Collection(OpenIdDeferredCollection.Name)]
public sealed partial class OpenIdDeferredFlowTests(OpenIdDeferredGatewayFactory factory)
{
    private const string Grant = "urn:openid:params:grant-type:deferred";
    private const string RedirectUri = "http://localhost/cb";
    private readonly OAuthTestClient _client = new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), factory.Time);

    [Fact]
    public async Task DeferredCode_ExchangedApprovedAndPolled_IssuesOnceAndPingsWithTheNotificationToken()
    {
        var (deferredCode, verifier, redirect) = await AuthorizeAsync("openid approve:me", nonce: "n-0S6_WzA2Mj");
        Assert.Null(redirect["code"]);
        Assert.Equal("s-1", redirect["state"]);

        var notificationToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var exchanged = await ExchangeAsync(deferredCode, verifier, ("deferred_notification_token", notificationToken));

        Assert.Equal(HttpStatusCode.OK, exchanged.Status);
        Assert.Equal("no-store", exchanged.CacheControl);
        var id = exchanged.String("deferred_auth_id")!;
        Assert.True(exchanged.Json.GetProperty("expires_in").GetInt32() > 0);
        Assert.Equal(5, exchanged.Json.GetProperty("interval").GetInt32());
        Assert.False(exchanged.Has("access_token"));
        DtrConformanceTests.AssertError(await ExchangeAsync(deferredCode, verifier), "invalid_grant");

        DtrConformanceTests.AssertError(await PollAsync(id), "authorization_pending");
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync("approver", id)).Status);

        var ping = await factory.Callbacks.WaitForAsync(id, TimeSpan.FromSeconds(10));
        Assert.Equal($"Bearer {notificationToken}", ping.Authorization);
        Assert.StartsWith("application/json", ping.ContentType, StringComparison.Ordinal);
        Assert.Equal(id, JsonDocument.Parse(ping.Body).RootElement.GetProperty("deferred_auth_id").GetString());
        Assert.Single(JsonDocument.Parse(ping.Body).RootElement.EnumerateObject());

        var token = await PollAsync(id);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var idToken = Jwt.Payload(token.String("id_token")!);
        Assert.Equal(("erin", "web", "n-0S6_WzA2Mj"), (idToken.GetProperty("sub").GetString(), idToken.GetProperty("aud").GetString(), idToken.GetProperty("nonce").GetString()));
        Assert.True(Jwt.Payload(token.String("access_token")!).TryGetProperty("approval", out _));
        DtrConformanceTests.AssertError(await PollAsync(id), "invalid_grant");
    }

    [Fact]
    public async Task DeferredCode_PolicyAllowsAtOnce_StillAHandle_FirstPollIssuesWithoutApproval()
    {
        var (deferredCode, verifier, _) = await AuthorizeAsync("openid read");

        var exchanged = await ExchangeAsync(deferredCode, verifier);
        var token = await PollAsync(exchanged.String("deferred_auth_id")!);

        Assert.Equal(HttpStatusCode.OK, exchanged.Status);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.False(Jwt.Payload(token.String("access_token")!).TryGetProperty("approval", out _));
    }

    [Fact]
    public async Task DeferredCode_AndAuthorizationCode_NeverStandForEachOther()
    {
        var (deferredCode, verifier, _) = await AuthorizeAsync("read");
        var (code, codeVerifier, _) = await AuthorizeAsync("read", responseType: "code");

        var deferredAsCode = await _client.TokenAsync("web", ("grant_type", "authorization_code"), ("code", deferredCode), ("code_verifier", verifier), ("redirect_uri", RedirectUri));
        var codeAsDeferred = await ExchangeAsync(code!, codeVerifier);

        DtrConformanceTests.AssertError(deferredAsCode, "invalid_grant");
        DtrConformanceTests.AssertError(codeAsDeferred, "invalid_grant");
    }

    [Fact]
    public async Task DeferredCode_ResponseTypeCombination_AlsoDefers()
    {
        var (deferredCode, _, redirect) = await AuthorizeAsync("read", responseType: "deferred_code code");

        Assert.StartsWith("dc.", deferredCode, StringComparison.Ordinal);
        Assert.Null(redirect["code"]);
    }

    [Fact]
    public async Task PublicClient_ExchangeWithoutDpop_IsRefusedAndKeepsTheCode_WithDpop_TheHandleIsBoundToTheKey()
    {
        using var key = new DpopKey();
        using var other = new DpopKey();
        var (deferredCode, verifier, redirect) = await AuthorizeAsync("openid read", clientId: "p-web");
        Assert.True(deferredCode is not null, redirect.ToString());
        (string Name, string Value)[] exchange = [("client_id", "p-web"), ("grant_type", Grant), ("deferred_code", deferredCode), ("code_verifier", verifier), ("redirect_uri", RedirectUri)];

        var withoutProof = await PublicAsync(null, exchange);
        var withProof = await PublicAsync(key.Proof("POST", "http://localhost/token", _client.Time.GetUtcNow()), exchange);

        DtrConformanceTests.AssertError(withoutProof, "invalid_request");
        Assert.True(withProof.Status == HttpStatusCode.OK, withProof.Body);
        var id = withProof.String("deferred_auth_id")!;
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        var wrongKey = await PublicAsync(other.Proof("POST", "http://localhost/token", _client.Time.GetUtcNow()), ("client_id", "p-web"), ("grant_type", Grant), ("deferred_auth_id", id));
        DtrConformanceTests.AssertError(wrongKey, "invalid_dpop_proof");
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        var token = await PublicAsync(key.Proof("POST", "http://localhost/token", _client.Time.GetUtcNow()), ("client_id", "p-web"), ("grant_type", Grant), ("deferred_auth_id", id));
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        Assert.Equal("DPoP", token.String("token_type"));
    }

    [Fact]
    public async Task Authorize_ClientNotRegisteredForTheFlow_RedirectsUnauthorizedClient()
    {
        var query = string.Join('&', new[]
        {
            ("response_type", "deferred_code"), ("client_id", "cb"), ("redirect_uri", RedirectUri), ("scope", "read"), ("state", "s-2"),
            ("code_challenge", Challenge(new string('v', 43))), ("code_challenge_method", "S256"),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));

        var response = await _client.Http.GetAsync($"/authorize?{query}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var redirect = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        Assert.Equal(("unauthorized_client", "s-2"), (redirect["error"], redirect["state"]));
    }

    [Fact]
    public async Task Cancellation_FormEncoded_CancelsAndPollsAreAccessDenied()
    {
        var (deferredCode, verifier, _) = await AuthorizeAsync("openid approve:me");
        var id = (await ExchangeAsync(deferredCode, verifier)).String("deferred_auth_id")!;

        var cancelled = await CancelAsync("web", new FormUrlEncodedContent([KeyValuePair.Create("deferred_auth_id", id)]));
        var unknown = await CancelAsync("web", new FormUrlEncodedContent([KeyValuePair.Create("deferred_auth_id", "nothing-like-a-handle")]));

        Assert.Equal((HttpStatusCode.OK, "no-store"), (cancelled.Status, cancelled.CacheControl));
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        DtrConformanceTests.AssertError(await PollAsync(id), "access_denied");
    }

    [Fact]
    public async Task Cancellation_JsonBodyOrMissingIdOrOtherClient_IsRefusedOrChangesNothing()
    {
        var (deferredCode, verifier, _) = await AuthorizeAsync("openid approve:me");
        var id = (await ExchangeAsync(deferredCode, verifier)).String("deferred_auth_id")!;

        var json = await CancelAsync("web", OAuthTestClient.Json($$"""{"deferred_auth_id":"{{id}}"}"""));
        var missing = await CancelAsync("web", new FormUrlEncodedContent([KeyValuePair.Create("other", "x")]));
        var notRegistered = await CancelAsync("c1", new FormUrlEncodedContent([KeyValuePair.Create("deferred_auth_id", id)]));

        DtrConformanceTests.AssertError(json, "invalid_request");
        DtrConformanceTests.AssertError(missing, "invalid_request");
        DtrConformanceTests.AssertError(notRegistered, "unauthorized_client");
        DtrConformanceTests.AssertError(await PollAsync(id), "authorization_pending");
    }

    [Theory]
    [InlineData("both handles")]
    [InlineData("neither handle")]
    [InlineData("weak notification token")]
    [InlineData("originating parameter on a poll")]
    public async Task TokenRequest_BadInput_IsInvalidRequestWithNoStore(string because)
    {
        var reply = because switch
        {
            "both handles" => await _client.TokenAsync("web", ("grant_type", Grant), ("deferred_code", "dc.x"), ("deferred_auth_id", "y")),
            "neither handle" => await _client.TokenAsync("web", ("grant_type", Grant)),
            "weak notification token" => await _client.TokenAsync("web", ("grant_type", Grant), ("deferred_code", "dc.x"), ("deferred_notification_token", "short")),
            _ => await _client.TokenAsync("web", ("grant_type", Grant), ("deferred_auth_id", "y"), ("scope", "read")),
        };

        DtrConformanceTests.AssertError(reply, "invalid_request");
        Assert.Equal("no-store", reply.CacheControl);
    }

    [Fact]
    public async Task TokenRequest_ClientNotRegisteredForTheFlow_IsUnauthorizedClient()
    {
        DtrConformanceTests.AssertError(await _client.TokenAsync("c1", ("grant_type", Grant), ("deferred_auth_id", "y")), "unauthorized_client");
    }

    [Fact]
    public async Task Metadata_PublishesTheResponseTypeGrantTypeAndCancellationEndpoint()
    {
        var metadata = JsonDocument.Parse(await _client.Http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Contains("deferred_code", metadata.GetProperty("response_types_supported").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains(Grant, metadata.GetProperty("grant_types_supported").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("http://localhost/deferred-authentication/cancel", metadata.GetProperty("deferred_authentication_cancellation_endpoint").GetString());
    }

    private async Task<(string DeferredCode, string Verifier, System.Collections.Specialized.NameValueCollection Redirect)> AuthorizeAsync(
        string scope, string responseType = "deferred_code", string? nonce = null, string clientId = "web")
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        List<KeyValuePair<string, string>> parameters =
        [
            new("response_type", responseType), new("client_id", clientId), new("redirect_uri", RedirectUri), new("scope", scope), new("state", "s-1"),
            new("code_challenge", Challenge(verifier)), new("code_challenge_method", "S256"),
        ];
        if (nonce is not null)
        {
            parameters.Add(new("nonce", nonce));
        }

        var signIn = await _client.Http.PostAsync("/authorize", new FormUrlEncodedContent([.. parameters, new("username", "erin"), new("password", "erin-pw"), new("action", "signin")]));
        var ticket = WebUtility.HtmlDecode(TicketField().Match(await signIn.Content.ReadAsStringAsync()).Groups[1].Value);
        var consent = await _client.Http.PostAsync("/authorize", new FormUrlEncodedContent([.. parameters, new("ticket", ticket), new("action", "consent"), new("decision", "allow")]));
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var redirect = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
        return ((responseType == "code" ? redirect["code"] : redirect["deferred_code"])!, verifier, redirect);
    }

    private Task<Reply> ExchangeAsync(string deferredCode, string verifier, params (string Name, string Value)[] extra) =>
        _client.TokenAsync("web", [("grant_type", Grant), ("deferred_code", deferredCode), ("code_verifier", verifier), ("redirect_uri", RedirectUri), .. extra]);

    private Task<Reply> PollAsync(string id)
    {
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        return _client.TokenAsync("web", ("grant_type", Grant), ("deferred_auth_id", id));
    }

    private async Task<Reply> PublicAsync(string? proof, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }

        return await Reply.ReadAsync(await _client.Http.SendAsync(request));
    }

    private Task<Reply> CancelAsync(string client, HttpContent body) =>
        _client.SendAsync(HttpMethod.Post, "/deferred-authentication/cancel", OAuthTestClient.Basic(client, OAuthTestClient.SecretOf(client)), body);

    private static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketField();
}
