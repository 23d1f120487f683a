using System.Net;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// A signed callback is taken once, however its signature header is respelled: the replay guard keys on the
/// signature that matched, in canonical form. A malformed header is refused before anything else.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class CallbackReplayTests(ConnectorGatewayFactory factory)
{
    private const string Approver = "change-board";
    private readonly ConnectorTestClient _client = new(factory);

    [Fact]
    public async Task Callback_ReplayedWithTheSignatureRespelled_RefusedAsReplay()
    {
        var code = await _client.OAuth.DeferAsync("c1", "deploy:webhook");
        var id = DeferralCodes.Id(code);
        await _client.WaitForTaskAsync(Approver, code, t => t.Phase == ApprovalTaskPhase.Waiting);
        var now = factory.Time.GetUtcNow().ToUnixTimeSeconds();
        var pending = ConnectorTestClient.Outcome(id, "pending");
        var signed = Hmac.Sign(ConnectorGatewayFactory.WebhookSecret, now, pending);

        var first = await _client.CallbackAsync(Approver, ConnectorGatewayFactory.WebhookSecret, pending, timestamp: now);
        var respelled = new[]
        {
            $"{signed},{signed}",
            "v1=" + signed[3..].ToUpperInvariant(),
            $"{signed} ,v1={new string('0', 64)}",
            $"v1=0000,{signed}",
        };
        var replays = new List<Reply>();
        foreach (var header in respelled)
        {
            replays.Add(await _client.CallbackAsync(Approver, ConnectorGatewayFactory.WebhookSecret, pending, timestamp: now, signature: header));
        }

        var malformed = await _client.CallbackAsync(Approver, ConnectorGatewayFactory.WebhookSecret, pending, timestamp: now + 1, signature: Hmac.Sign(ConnectorGatewayFactory.WebhookSecret, now + 1, pending) + " junk");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.All(replays, r => Assert.Equal((HttpStatusCode.Unauthorized, "invalid_signature"), (r.Status, r.Error)));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_signature"), (malformed.Status, malformed.Error));
        Assert.Equal(ApprovalTaskPhase.Waiting, (await _client.TaskAsync(Approver, code))!.Phase);
        Assert.Equal("authorization_pending", (await _client.OAuth.PollAsync("c1", code)).Error);
    }
}
