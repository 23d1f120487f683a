using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>The approval API: who may see and decide what, and that a refusal changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ApprovalApiTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Inbox_ShowsWhatToDecideButNeverTheCode()
    {
        var code = await _client.DeferAsync("c1", "approve:quorum");
        await _client.ApproveAsync("bob", code);

        var inbox = await _client.InboxAsync("carol", "?limit=200");

        var item = inbox.Json.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == DeferralCodes.Id(code));
        Assert.Equal("c1", item.GetProperty("client_id").GetString());
        Assert.Equal("Conformance client 1", item.GetProperty("client_name").GetString());
        Assert.Equal("approve:quorum", item.GetProperty("scope").GetString());
        Assert.Equal("pending", item.GetProperty("status").GetString());
        var quorum = item.GetProperty("quorum")[0];
        Assert.Equal((2, 3, 1), (quorum.GetProperty("required").GetInt32(), quorum.GetProperty("of").GetInt32(), quorum.GetProperty("approved").GetInt32()));
        Assert.DoesNotContain(code, inbox.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", inbox.CacheControl);
    }

    [Fact]
    public async Task Inbox_ResolvedRequestsLeave()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        await _client.DenyAsync("approver", code);

        var inbox = await _client.InboxAsync("approver", "?limit=200");

        Assert.DoesNotContain(inbox.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == DeferralCodes.Id(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic YXBwcm92ZXI6d3Jvbmc=")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic !!!")]
    public async Task Unauthenticated_Gets401AndNothingChanges(string? authorization)
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(code)}/approve") { Content = OAuthTestClient.Json("{}") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var reply = await Reply.ReadAsync(await _client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Contains("Basic", reply.Response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code), "authorization_pending");
    }

    [Fact]
    public async Task ApproverNotRoutedTo_Gets404AndNothingChanges()
    {
        var code = await _client.DeferAsync("c1", "approve:me");

        var approve = await _client.ApproveAsync("mallory", code);
        var look = await _client.SendAsync(HttpMethod.Get, $"/approvals/{DeferralCodes.Id(code)}", OAuthTestClient.Basic("mallory", "mallory-pw"));

        Assert.Equal(HttpStatusCode.NotFound, approve.Status);
        Assert.Equal(HttpStatusCode.NotFound, look.Status);
        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code), "authorization_pending");
    }

    [Fact]
    public async Task SubjectOfTheRequest_CannotApproveIt()
    {
        var code = await _client.DeferAsync("erin-assistant", "approve:quorum");

        var self = await _client.ApproveAsync("erin", code);
        await _client.ApproveAsync("bob", code);

        Assert.Equal(HttpStatusCode.Forbidden, self.Status);
        Assert.Equal("self_approval_forbidden", self.Error);
        DtrConformanceTests.AssertError(await _client.PollAsync("erin-assistant", code), "authorization_pending");
        await _client.ApproveAsync("carol", code);
        Assert.Equal(HttpStatusCode.OK, (await _client.PollAsync("erin-assistant", code)).Status);
    }

    [Fact]
    public async Task MachineApprover_DecidesWithABearerToken()
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(code)}/approve") { Content = OAuthTestClient.Json("""{"reason":"CHG0042 approved"}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "workflow-token-0123456789abcdef");

        var reply = await Reply.ReadAsync(await _client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("approved", reply.Json.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.PollAsync("c1", code)).Status);
    }

    [Fact]
    public async Task DecidingTwice_IsAConflict()
    {
        var code = await _client.DeferAsync("c1", "approve:quorum");

        var first = await _client.ApproveAsync("bob", code);
        var again = await _client.DenyAsync("bob", code);

        Assert.Equal("pending", first.Json.GetProperty("status").GetString());
        Assert.Equal((HttpStatusCode.Conflict, "already_decided"), (again.Status, again.Error));
    }

    [Fact]
    public async Task DecidingAResolvedRequest_IsAConflict()
    {
        var code = await _client.DeferAsync("c1", "approve:quorum");
        await _client.DenyAsync("bob", code);

        var late = await _client.ApproveAsync("carol", code);

        Assert.Equal((HttpStatusCode.Conflict, "not_pending"), (late.Status, late.Error));
    }

    [Theory]
    [InlineData("not json", "application/json")]
    [InlineData("[]", "application/json")]
    [InlineData("""{"reason":42}""", "application/json")]
    [InlineData("reason=ok", "application/x-www-form-urlencoded")]
    public async Task MalformedDecisionBody_IsRejectedAndNothingChanges(string body, string contentType)
    {
        var code = await _client.DeferAsync("c1", "approve:me");
        var content = new StringContent(body, Encoding.UTF8, contentType);

        var reply = await _client.SendAsync(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(code)}/approve", OAuthTestClient.Basic("approver", "approver-pw"), content);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (reply.Status, reply.Error));
        DtrConformanceTests.AssertError(await _client.PollAsync("c1", code), "authorization_pending");
    }

    [Theory]
    [InlineData("/approvals/..%2F..%2Fetc/approve")]
    [InlineData("/approvals/short/approve")]
    [InlineData("/approvals/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/approve")]
    public async Task UnknownApprovalId_Is404(string path)
    {
        var reply = await _client.SendAsync(HttpMethod.Post, path, OAuthTestClient.Basic("approver", "approver-pw"), OAuthTestClient.Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }

    [Fact]
    public async Task InboxLimit_OutOfRange_IsRejected()
    {
        var reply = await _client.InboxAsync("approver", "?limit=0");

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (reply.Status, reply.Error));
    }
}
