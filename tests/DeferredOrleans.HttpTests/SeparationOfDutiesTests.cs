using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Separation of duties on the engine organization: one admin cannot satisfy both stages of change-prod
/// (engine-policy.json), and one admin cannot change who counts toward the 2-of-3 admins quorum through the admin API.
/// </summary>
[Collection(EngineGatewayCollection.Name)]
public sealed class SeparationOfDutiesTests(EngineGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task TwoStages_OneAdminDecidesTheFirst_AndMustLeaveTheSecondToAnother()
    {
        var code = await _client.DeferAsync("agent-a", "change:prod");

        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync("dave", code)).Status);
        var again = await _client.ApproveAsync("dave", code);
        var pending = await _client.PollAsync("agent-a", code);
        Assert.Equal(HttpStatusCode.OK, (await _client.ApproveAsync("carol", code)).Status);
        var token = await _client.PollAsync("agent-a", code);

        Assert.Equal((HttpStatusCode.Conflict, "already_decided"), (again.Status, again.Error));
        DtrConformanceTests.AssertError(pending, "authorization_pending");
        Assert.Equal("step=second;approved=0;required=1", pending.Description);
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        var approval = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Json.GetProperty("access_token").GetString()!.Split('.')[1])).RootElement.GetProperty("approval");
        Assert.Equal(2, approval.GetProperty("approvers").GetArrayLength());
    }

    [Theory]
    [InlineData("PUT", "/admin/directory/groups/admins", "{\"members\":[\"bob\",\"carol\",\"dave\",\"sam\"]}", "group 'admins'")]
    [InlineData("PUT", "/admin/directory/groups/admins", "{\"members\":[\"bob\",\"dave\",\"sam\"]}", "group 'admins'")]
    [InlineData("PUT", "/admin/directory/users/carol", "{\"password_hash\":\"HASH\"}", "user 'carol'")]
    public async Task Directory_OneAdminChangingWhoCountsTowardAQuorum_IsForbiddenAndNothingChanges(string method, string path, string body, string named)
    {
        var before = await AdminAsync(HttpMethod.Get, "/admin/directory");

        var reply = await AdminAsync(new HttpMethod(method), path, body.Replace("HASH", SecretHasher.HashPassword("new-pw"), StringComparison.Ordinal));

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (reply.Status, reply.Error));
        Assert.Contains(named, reply.Description, StringComparison.Ordinal);
        Assert.Contains("DeferredOrleans:Directory:AllowSingleAdminQuorumGroupChanges", reply.Description, StringComparison.Ordinal);
        Assert.Equal(before.Json.GetProperty("version").GetInt64(), (await AdminAsync(HttpMethod.Get, "/admin/directory")).Json.GetProperty("version").GetInt64());
        var code = await _client.DeferAsync("agent-b", "admin:users");
        Assert.DoesNotContain(DeferralCodes.Id(code), await InboxIdsAsync("sam", "sam-pw"));
    }

    [Fact]
    public async Task Directory_AGroupNoQuorumRoutesTo_IsStillOneAdminsToChange()
    {
        var reply = await AdminAsync(HttpMethod.Put, "/admin/directory/groups/reviewers", "{\"members\":[\"sam\",\"sue\"]}");
        var removed = await AdminAsync(HttpMethod.Delete, "/admin/directory/groups/reviewers");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(HttpStatusCode.OK, removed.Status);
    }

    private Task<Reply> AdminAsync(HttpMethod method, string path, string? body = null) =>
        _client.SendAsync(method, path, OAuthTestClient.Basic("dave", "dave-pw"), body is null ? null : OAuthTestClient.Json(body));

    private async Task<List<string>> InboxIdsAsync(string user, string password) =>
        [.. (await _client.SendAsync(HttpMethod.Get, "/approvals?limit=200", OAuthTestClient.Basic(user, password))).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}
