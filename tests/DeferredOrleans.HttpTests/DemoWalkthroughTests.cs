using System.Net;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>The README's walkthrough on the demo configuration, step by step.</summary>
[Collection(DemoGatewayCollection.Name)]
public sealed class DemoWalkthroughTests(DemoGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task DocsRead_IsIssuedAtOnce()
    {
        var reply = await _client.TokenAsync("agent", ("grant_type", "client_credentials"), ("scope", "docs:read"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("docs:read", reply.Json.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task DocWrite_IsDeferredToTheOwnerAliceWhoApproves()
    {
        var code = await _client.DeferAsync("agent", "doc:write", ("resource", "doc-789"));
        DtrConformanceTests.AssertError(await _client.PollAsync("agent", code), "authorization_pending");

        var inbox = await Inbox("alice");
        Assert.Contains(inbox.EnumerateArray(), i => i.GetProperty("id").GetString() == DeferralCodes.Id(code));
        Assert.DoesNotContain((await Inbox("bob")).EnumerateArray(), i => i.GetProperty("id").GetString() == DeferralCodes.Id(code));
        Assert.Equal(HttpStatusCode.OK, (await Decide("alice", "demo", code, "approve")).Status);

        var token = await _client.PollAsync("agent", code);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var claims = Jwt.Payload(token.Json.GetProperty("access_token").GetString()!);
        Assert.Equal("doc-789", claims.GetProperty("aud").GetString());
        Assert.Equal("doc:write", claims.GetProperty("scope").GetString());
        Assert.Equal("resource_owner", claims.GetProperty("approval").GetProperty("method").GetString());
    }

    [Fact]
    public async Task AdminUsers_NeedsExactlyTwoDistinctAdmins()
    {
        var code = await _client.DeferAsync("agent", "admin:users");

        await Decide("bob", "demo", code, "approve");
        Assert.Equal(HttpStatusCode.Conflict, (await Decide("bob", "demo", code, "approve")).Status);
        DtrConformanceTests.AssertError(await _client.PollAsync("agent", code), "authorization_pending");
        Assert.Equal(HttpStatusCode.NotFound, (await Decide("alice", "demo", code, "approve")).Status);
        DtrConformanceTests.AssertError(await _client.PollAsync("agent", code), "authorization_pending");

        await Decide("dave", "demo", code, "approve");
        var token = await _client.PollAsync("agent", code);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        var quorum = Jwt.Payload(token.Json.GetProperty("access_token").GetString()!).GetProperty("approval").GetProperty("quorum");
        Assert.Equal(2, quorum.GetProperty("approved").GetInt32());
    }

    [Fact]
    public async Task AdminUsers_OneDenialVetoes()
    {
        var code = await _client.DeferAsync("agent", "admin:users");

        await Decide("carol", "demo", code, "approve");
        await Decide("dave", "demo", code, "deny");

        DtrConformanceTests.AssertError(await _client.PollAsync("agent", code), "access_denied");
    }

    [Fact]
    public async Task AliceAssistant_CannotBeApprovedByAlice()
    {
        var reply = await _client.TokenAsync("alice-assistant", ("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-789"), ("completion_mode", "deferred"));

        // Alice owns doc-789 and is the person the assistant acts for: nobody else may approve, so it is refused.
        DtrConformanceTests.AssertError(reply, "invalid_scope");
    }

    private async Task<JsonElement> Inbox(string user) =>
        (await _client.SendAsync(HttpMethod.Get, "/approvals", OAuthTestClient.Basic(user, "demo"))).Json.GetProperty("items");

    private Task<Reply> Decide(string user, string password, string code, string decision) =>
        _client.SendAsync(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(code)}/{decision}", OAuthTestClient.Basic(user, password), new StringContent("{}", Encoding.UTF8, "application/json"));
}
