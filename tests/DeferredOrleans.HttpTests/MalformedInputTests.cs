using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DeferredOrleans.HttpTests;

/// <summary>Bad input gets a clear OAuth error (JSON, right status, no-store), never a 5xx, and changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MalformedInputTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    public static TheoryData<string, string, string> Bodies() => new()
    {
        { "empty body", "", "application/x-www-form-urlencoded" },
        { "truncated escape", "grant_type=client_credentials&scope=re%2", "application/x-www-form-urlencoded" },
        { "duplicated grant_type", "grant_type=client_credentials&grant_type=client_credentials", "application/x-www-form-urlencoded" },
        { "duplicated scope", "grant_type=client_credentials&scope=read&scope=read", "application/x-www-form-urlencoded" },
        { "invalid UTF-8", "grant_type=client_credentials&scope=%FF%FE", "application/x-www-form-urlencoded" },
        { "JSON instead of a form", """{"grant_type":"client_credentials"}""", "application/json" },
        { "no grant_type", "scope=read", "application/x-www-form-urlencoded" },
        { "unknown grant_type", "grant_type=password&username=a&password=b", "application/x-www-form-urlencoded" },
        { "deferral_code and a different auth_req_id", "grant_type=urn:ietf:params:oauth:grant-type:deferred&deferral_code=a&auth_req_id=b", "application/x-www-form-urlencoded" },
        { "control characters", "grant_type=client_credentials&scope=%00%01", "application/x-www-form-urlencoded" },
        { "oversized value", "grant_type=client_credentials&scope=" + new string('a', 40_000), "application/x-www-form-urlencoded" },
        { "too many parameters", string.Join('&', Enumerable.Range(0, 100).Select(i => $"p{i}=v")), "application/x-www-form-urlencoded" },
        { "huge resource list", string.Join('&', Enumerable.Range(0, 50).Select(i => $"resource=https://r{i}.example/")) + "&grant_type=client_credentials&scope=read", "application/x-www-form-urlencoded" },
        { "authorization_details not an array", "grant_type=client_credentials&scope=read&authorization_details=%7B%7D", "application/x-www-form-urlencoded" },
        { "authorization_details deeply nested", "grant_type=client_credentials&scope=read&authorization_details=" + new string('[', 5000), "application/x-www-form-urlencoded" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Token_MalformedBody_GetsA4xxOAuthError(string because, string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var reply = await _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic("c1", "c1-secret"), content);

        Assert.True((int)reply.Status is >= 400 and < 500, $"{because}: {(int)reply.Status} {reply.Body}");
        Assert.False(string.IsNullOrEmpty(reply.Error), because);
        Assert.Equal("no-store", reply.CacheControl);
        Assert.DoesNotContain("Exception", reply.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic =====")]
    [InlineData("Basic Yzp4")]
    [InlineData("Bearer abc")]
    [InlineData("Basic " + "YzE6YzEtc2VjcmV0YzE6YzEtc2VjcmV0YzE6YzEtc2VjcmV0")]
    public async Task Token_MalformedAuthorization_IsInvalidClient(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "read")]),
        };
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var reply = await Reply.ReadAsync(await _client.Http.SendAsync(request));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (reply.Status, reply.Error));
    }

    [Fact]
    public async Task Token_BasicAndPostedSecretTogether_IsInvalidRequest()
    {
        var reply = await _client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"), ("client_secret", "c1-secret"));

        DtrConformanceTests.AssertError(reply, "invalid_request");
    }

    [Fact]
    public async Task Token_ClientSecretPost_Works()
    {
        var content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "read"), new("client_id", "c1"), new("client_secret", "c1-secret")]);

        var reply = await _client.SendAsync(HttpMethod.Post, "/token", null, content);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Token_WrongPostedSecret_IsInvalidClient()
    {
        var content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", "c1"), new("client_secret", "nope")]);

        var reply = await _client.SendAsync(HttpMethod.Post, "/token", null, content);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (reply.Status, reply.Error));
    }

    [Theory]
    [InlineData("GET", "/inbox/signin", "a[b=1")]
    [InlineData("POST", "/inbox/signin", "user[=x&password]=y")]
    [InlineData("GET", "/inbox/signin?a[b=1&c]]=2", "")]
    public async Task InboxPage_FormOrQueryKeyWithUnbalancedBrackets_IsNeverA5xx(string method, string path, string form)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (form.Length > 0)
        {
            request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        using var response = await _client.Http.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{method} {path} {form}: {(int)response.StatusCode}");
    }
}
