using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// JSON bodies whose strings are not valid Unicode (bytes that are not UTF-8, overlong forms, UTF-8-encoded
/// surrogates, lone surrogate escapes) are malformed: 400 <c>invalid_request</c>, no-store, never a 5xx, and
/// nothing changes (RFC 8259 §8.1, §8.2).
/// </summary>
[Collection(EngineGatewayCollection.Name)]
public sealed class InvalidUtf8Tests(EngineGatewayFactory factory)
{
    private const string SomeId = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    /// <summary>Bodies as bytes: a JSON object with one string (or member name) that is not valid Unicode.</summary>
    public static TheoryData<string, string> Bodies() => new()
    {
        { "byte FF in a string", "7b22726561736f6e223a22ff227d" },                  // {"reason":"\xff"}
        { "byte FF in a member name", "7b22ff223a317d" },                            // {"\xff":1}
        { "overlong NUL", "7b226e616d65223a22c080227d" },                            // {"name":"\xc0\x80"}
        { "UTF-8-encoded surrogate", "7b22696473223a5b22eda080225d7d" },             // {"ids":["\xed\xa0\x80"]}
        { "lone surrogate escape", Convert.ToHexString(Encoding.ASCII.GetBytes("{\"reason\":\"\\ud800\"}")) },
        { "lone low surrogate escape in a name", Convert.ToHexString(Encoding.ASCII.GetBytes("{\"\\udc00x\":true}")) },
    };

    public static TheoryData<string, string, string, string> Cases()
    {
        var endpoints = new (string Method, string Path, string User)[]
        {
            ("POST", $"/approvals/{SomeId}/approve", "alice"),
            ("POST", $"/approvals/{SomeId}/deny", "alice"),
            ("POST", "/approvals/bulk", "alice"),
            ("PUT", "/approvals/delegations/away", "alice"),
            ("PUT", "/admin/directory/users/zed", "dave"),
            ("PUT", "/admin/directory/groups/zeds", "dave"),
            ("PUT", "/admin/directory/resources", "dave"),
            ("PUT", "/admin/directory/delegations/zed-away", "dave"),
            ("POST", "/admin/policy/explain", "dave"),
        };
        var data = new TheoryData<string, string, string, string>();
        foreach (var (method, path, user) in endpoints)
        {
            foreach (var body in Bodies())
            {
                data.Add(method, path, user, (string)body[0]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task JsonBody_NotValidUnicode_IsInvalidRequest(string method, string path, string user, string bodyName)
    {
        var hex = (string)Bodies().Single(b => (string)b[0] == bodyName)[1];
        var content = new ByteArrayContent(Convert.FromHexString(hex));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var reply = await _client.SendAsync(new HttpMethod(method), path, OAuthTestClient.Basic(user, OAuthTestClient.SecretOf(user)), content);

        Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{method} {path} {bodyName}: {(int)reply.Status} {reply.Body}");
        Assert.Equal("invalid_request", reply.Error);
        Assert.Equal("no-store", reply.CacheControl);
    }
}

/// <summary>The same for a pending request's approval and a signed connector callback: refused, and the request stays pending.</summary>
[Collection(ConnectorCollection.Name)]
public sealed class InvalidUtf8DecisionTests(ConnectorGatewayFactory factory)
{
    private readonly ConnectorTestClient _client = new(factory);

    [Fact]
    public async Task Approve_ReasonNotUtf8_InvalidRequestAndStillPending()
    {
        var code = await _client.OAuth.DeferAsync("c1", "approve:me");
        var content = new ByteArrayContent([.. "{\"reason\":\""u8, 0xff, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var reply = await _client.OAuth.SendAsync(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(code)}/approve", OAuthTestClient.Basic("approver", "approver-pw"), content);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (reply.Status, reply.Error));
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);
    }

    [Fact]
    public async Task SignedCallback_ReasonNotUtf8_InvalidRequestAndStillPending()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:webhook");
        var id = DeferralCodes.Id(code);
        byte[] body = [.. Encoding.ASCII.GetBytes($"{{\"task_id\":\"{id}\",\"status\":\"approved\",\"reason\":\""), 0xff, .. "\"}"u8];
        var now = factory.Time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connectors/change-board/callback") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(ConnectorSignature.TimestampHeader, now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ConnectorSignature.SignatureHeader, ConnectorSignature.Sign(ConnectorGatewayFactory.WebhookSecret, now, body));

        var reply = await Reply.ReadAsync(await _client.OAuth.Http.SendAsync(request));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (reply.Status, reply.Error));
        Assert.Equal("no-store", reply.CacheControl);
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);
    }
}
