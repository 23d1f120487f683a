using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Separation of duties on the engine organization: one admin cannot satisfy both stages of change-prod
/// (engine-policy.json).
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
}
