using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A CIBA request under a quorum rule keeps its quorum (testserver.json: approve:quorum needs two of the admins
/// bob, carol and erin): the hinted user consents, and never counts toward the quorum of their own request.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CibaQuorumTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task Ciba_QuorumRule_NeedsTheSubjectAndTwoOtherAdmins()
    {
        var start = await _client.SendAsync(HttpMethod.Post, "/bc-authorize", OAuthTestClient.Basic("ciba", OAuthTestClient.SecretOf("ciba")),
            new FormUrlEncodedContent([KeyValuePair.Create("scope", "openid approve:quorum"), KeyValuePair.Create("login_hint", "erin")]));
        Assert.True(start.Status == HttpStatusCode.OK, start.Body);
        var authReqId = start.Json.GetProperty("auth_req_id").GetString()!;

        await _client.ApproveAsync("erin", authReqId);
        await _client.ApproveAsync("bob", authReqId);
        var subjectAndOne = await PollAsync(authReqId);
        await _client.ApproveAsync("carol", authReqId);
        var token = await PollAsync(authReqId);

        DtrConformanceTests.AssertError(subjectAndOne, "authorization_pending");
        Assert.Equal("step=quorum;approved=1;required=2", subjectAndOne.Description);
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        var approval = Payload(token.Json.GetProperty("access_token").GetString()!).GetProperty("approval");
        Assert.Equal("approve-quorum", approval.GetProperty("rule").GetString());
        Assert.Equal(3, approval.GetProperty("approvers").GetArrayLength());
    }

    private Task<Reply> PollAsync(string authReqId)
    {
        _client.Time.Advance(TimeSpan.FromSeconds(5));
        return _client.TokenAsync("ciba", ("grant_type", "urn:openid:params:grant-type:ciba"), ("auth_req_id", authReqId));
    }

    private static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement.Clone();
}
