using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// CIBA goes through the policy's routing like every other grant, on the demo configuration: the hinted user is the
/// subject and consents, and whoever the policy routes to (doc-789's owner alice) must approve too.
/// </summary>
[Collection(DemoGatewayCollection.Name)]
public sealed class CibaRoutingTests(DemoGatewayFactory factory)
{
    private const string CibaGrant = "urn:openid:params:grant-type:ciba";

    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Ciba_PolicyAllowsTheScopes_TheHintedUserAloneApproves()
    {
        var authReqId = await StartAsync("openid docs:read", "alice");

        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync("bob", authReqId, "approve")).Status);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("alice", authReqId, "approve")).Status);
        var token = await PollAsync(authReqId);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        var approval = Payload(token.Json.GetProperty("access_token").GetString()!).GetProperty("approval");
        Assert.Equal("subject_consent", approval.GetProperty("method").GetString());
        Assert.Equal("alice", Payload(token.Json.GetProperty("id_token").GetString()!).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Ciba_DocWriteHintingBob_IsRoutedToAliceTheOwnerAndBobAloneGetsNothing()
    {
        var authReqId = await StartAsync("openid doc:write", "bob", ("resource", "doc-789"));

        // Bob, the subject, consents; the rule still wants doc-789's owner, who was never named by the client.
        Assert.Contains(await InboxIdsAsync("bob"), id => id == DeferralCodes.Id(authReqId));
        Assert.Contains(await InboxIdsAsync("alice"), id => id == DeferralCodes.Id(authReqId));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("bob", authReqId, "approve")).Status);
        var afterBob = await PollAsync(authReqId);
        DtrConformanceTests.AssertError(afterBob, "authorization_pending");
        Assert.Equal("step=owner;approved=0;required=1", afterBob.Description);

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("alice", authReqId, "approve")).Status);
        var token = await PollAsync(authReqId);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        var claims = Payload(token.Json.GetProperty("access_token").GetString()!);
        Assert.Equal("bob", claims.GetProperty("sub").GetString());
        Assert.Equal("write-doc-needs-owner", claims.GetProperty("approval").GetProperty("rule").GetString());
        Assert.Equal("multi_party", claims.GetProperty("approval").GetProperty("method").GetString());
        Assert.Equal(2, claims.GetProperty("approval").GetProperty("approvers").GetArrayLength());
    }

    [Fact]
    public async Task Ciba_DocWriteHintingBob_TheOwnerDeniesAndTheRequestIsDenied()
    {
        var authReqId = await StartAsync("openid doc:write", "bob", ("resource", "doc-789"));

        await DecideAsync("bob", authReqId, "approve");
        await DecideAsync("alice", authReqId, "deny");

        DtrConformanceTests.AssertError(await PollAsync(authReqId), "access_denied");
    }

    [Fact]
    public async Task Ciba_DocWriteHintingBob_TheOwnerAloneIsNotEnough()
    {
        var authReqId = await StartAsync("openid doc:write", "bob", ("resource", "doc-789"));

        await DecideAsync("alice", authReqId, "approve");
        var poll = await PollAsync(authReqId);

        DtrConformanceTests.AssertError(poll, "authorization_pending");
        Assert.Equal("step=user;approved=0;required=1", poll.Description);
    }

    private async Task<string> StartAsync(string scope, string loginHint, params (string Name, string Value)[] extra)
    {
        var form = new[] { ("scope", scope), ("login_hint", loginHint) }.Concat(extra).Select(f => KeyValuePair.Create(f.Item1, f.Item2));
        var reply = await _client.SendAsync(HttpMethod.Post, "/bc-authorize", OAuthTestClient.Basic("ciba-client", "ciba-secret"), new FormUrlEncodedContent(form));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        return reply.Json.GetProperty("auth_req_id").GetString()!;
    }

    private Task<Reply> PollAsync(string authReqId)
    {
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        return _client.SendAsync(HttpMethod.Post, "/token", OAuthTestClient.Basic("ciba-client", "ciba-secret"), new FormUrlEncodedContent(
            [KeyValuePair.Create("grant_type", CibaGrant), KeyValuePair.Create("auth_req_id", authReqId)]));
    }

    private Task<Reply> DecideAsync(string user, string authReqId, string decision) =>
        _client.SendAsync(HttpMethod.Post, $"/approvals/{DeferralCodes.Id(authReqId)}/{decision}", OAuthTestClient.Basic(user, "demo"), OAuthTestClient.Json("{}"));

    private async Task<List<string>> InboxIdsAsync(string user) =>
        [.. (await _client.SendAsync(HttpMethod.Get, "/approvals?limit=200", OAuthTestClient.Basic(user, "demo"))).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    private static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement.Clone();
}
