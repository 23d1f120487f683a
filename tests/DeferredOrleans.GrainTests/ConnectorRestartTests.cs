using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.Crypto;
using Microsoft.Extensions.Time.Testing;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// A connector task on a real SQLite file against a real HTTP receiver: the first delivery fails, the host stops,
/// and the retry happens after the restart from what was stored; the outcome then decides the deferral.
/// </summary>
public sealed class ConnectorRestartTests
{
    private const string Secret = "change-board-webhook-secret";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["DeferredOrleans:Connectors:AllowPrivateTargets"] = "true",
        ["DeferredOrleans:Connectors:FirstAttemptDelay"] = "00:00:00.100",
        ["DeferredOrleans:Connectors:InitialBackoff"] = "00:00:02",
        ["DeferredOrleans:Connectors:ReminderPeriod"] = "00:00:02",
        ["DeferredOrleans:Connectors:Timeout"] = "00:00:02",
    };

    [Fact]
    public async Task WebhookDelivery_FailsThenHostRestarts_RetriedFromStorageAndSucceeds()
    {
        using var file = new SqliteFile();
        await using var receiver = await ExternalSystem.StartAsync();
        receiver.Handler = _ => Task.FromResult(new ExternalReply(503, "{}"));
        var id = Requests.NewId();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var key = GrainKeys.ApprovalTask("change-board", id);

        await using (var before = await TestCluster.StartAsync(file.Path, time: time, settings: Settings))
        {
            var ring = await before.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
            var binding = new ConnectorBinding(
                "change-board",
                ConnectorKind.Webhook,
                receiver.BaseUrl + "/servicenow/tasks",
                Sealer.Seal(ring.SealingKey, JsonSerializer.SerializeToUtf8Bytes(new ConnectorSecrets(Secret))),
                "http://localhost/connectors/change-board/callback",
                TimeSpan.FromSeconds(2));
            var plan = new ApprovalPlan("deploy", [new ApprovalRequirement("approver", ApprovalRoute.NamedApprovers, ["change-board"], 1)], time.GetUtcNow().AddMinutes(10), 5, TimeSpan.FromHours(1));
            await before.Grains.GetGrain<IDeferralGrain>(id).CreateAsync(new DeferralStart(Requests.WriteDoc, plan, Connectors: ImmutableArray.Create(binding)));

            await receiver.WaitForAsync(r => r.Body.Contains(id, StringComparison.Ordinal));
            await DeferralGrainTests.Eventually(async () => await before.Grains.GetGrain<IApprovalTaskGrain>(key).GetAsync() is { Attempts: 1, NextAttemptAt: not null });
        }

        var failed = receiver.Requests.Count;
        receiver.Handler = _ => Task.FromResult(new ExternalReply(202, "{}"));
        Assert.Equal(1, file.ReminderCount(id)); // the task's next attempt; the deferral's expiry is in the timer wheel

        await using var after = await TestCluster.StartAsync(file.Path, time: time, settings: Settings);
        var retried = await receiver.WaitForAsync(r => r.Body.Contains(id, StringComparison.Ordinal) && receiver.Requests.Count > failed, seconds: 30);

        Assert.True(Hmac.Verify(Secret, retried));
        var task = after.Grains.GetGrain<IApprovalTaskGrain>(key);
        await DeferralGrainTests.Eventually(async () => await task.GetAsync() is { Phase: ApprovalTaskPhase.Waiting }, seconds: 10);
        var answer = await task.ReceiveOutcomeAsync(new ConnectorOutcome("approved", "INC0012345"));
        Assert.Equal(new CallbackAnswer(CallbackResult.Recorded, DeferralStatus.Approved), answer);
        time.Advance(TimeSpan.FromSeconds(5));
        var poll = await after.Grains.GetGrain<IDeferralGrain>(id).PollAsync(new PollRequest("agent"));
        Assert.Equal(("workflow", "INC0012345"), (poll.Issuance!.Approval.Method, poll.Issuance.Approval.WorkflowRefs!.Value.Single()));
    }
}
