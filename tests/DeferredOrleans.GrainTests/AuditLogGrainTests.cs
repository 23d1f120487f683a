using System.Collections.Immutable;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.AuditLog;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The sharded audit log in the in-process cluster: a deferral's events in one shard's chain, queries through the
/// shards' indexes, blocks written once, signed checkpoints exported to a file and a real HTTP witness, and
/// verification against witnessed checkpoints.
/// </summary>
public sealed class AuditLogGrainTests
{
    [Fact]
    public async Task Append_OneDeferralsEvents_AreInOrderInItsShardAndQueriedNewestFirst()
    {
        await using var cluster = await TestCluster.StartAsync();
        var log = cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
        var at = cluster.Time.GetUtcNow();

        var entries = new List<AuditEntry>();
        foreach (var kind in new[] { "deferral.created", "decision.recorded", "token.issued" })
        {
            entries.Add(await log.AppendAsync(new AuditEvent(kind, at = at.AddSeconds(1), "deferral-42", "client-a", "alice")));
            await log.AppendAsync(new AuditEvent("token.issued", at, ClientId: "client-b"));
        }

        Assert.All(entries, e => Assert.Equal(AuditShards.Of("deferral-42", 8), e.Shard));
        // Events without a deferral go to a random shard, which may be this one: in order, not necessarily adjacent.
        Assert.True(entries[0].Sequence < entries[1].Sequence && entries[1].Sequence < entries[2].Sequence, string.Join(", ", entries.Select(e => e.Sequence)));
        var trail = await log.QueryAsync(new AuditQuery(DeferralId: "deferral-42"));
        Assert.Equal(["token.issued", "decision.recorded", "deferral.created"], trail.Select(e => e.Event.Kind));
    }

    [Fact]
    public async Task AppendMany_AmidConcurrentAppends_KeepsItsEventsInOrderNextToEachOtherAndTheChainVerifies()
    {
        using var file = new SqliteFile();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var at = time.GetUtcNow();
        ImmutableArray<AuditEntry> appended;
        AuditCheckpoint checkpoint;
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var log = before.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
            var others = Enumerable.Range(0, 40).Select(i => log.AppendAsync(new AuditEvent("test.other", at, "deferral-42", Detail: $"other {i}"))).ToList();
            var many = log.AppendManyAsync([
                new AuditEvent("decision.recorded", at, "deferral-42", "client-a", "alice"),
                new AuditEvent("stage.opened", at, "deferral-42", "client-a"),
                new AuditEvent("token.issued", at, ClientId: "client-a"),
                new AuditEvent("deferral.approved", at, "deferral-42", "client-a"),
            ]);
            others.AddRange(Enumerable.Range(40, 40).Select(i => log.AppendAsync(new AuditEvent("test.other", at, "deferral-42", Detail: $"other {i}"))));
            await Task.WhenAll(others);
            appended = await many;
            checkpoint = (await before.Grains.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).CheckpointAsync())!;
        }

        // The event without a deferral goes with the deferral's, to its shard; the four are one run of the chain.
        Assert.Equal(["decision.recorded", "stage.opened", "token.issued", "deferral.approved"], appended.Select(e => e.Event.Kind));
        Assert.All(appended, e => Assert.Equal(AuditShards.Of("deferral-42", 8), e.Shard));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => appended[0].Sequence + i), appended.Select(e => e.Sequence));
        Assert.Equal(appended.Take(3).Select(e => e.Hash), appended.Skip(1).Select(e => e.PreviousHash));

        // Durable on return: after a restart the chain holds them, whole, and matches the checkpoint taken before.
        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var restarted = after.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
        var verification = await restarted.VerifyAsync([checkpoint]);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(84, verification.Entries);
        var trail = await restarted.QueryAsync(new AuditQuery(DeferralId: "deferral-42", Limit: 1000));
        Assert.Equal(83, trail.Length);
        Assert.Equal([appended[3].Sequence, appended[1].Sequence, appended[0].Sequence], trail.Where(e => e.Event.Kind != "test.other").Select(e => e.Sequence));
    }

    [Fact]
    public async Task AppendMany_EventsOfTwoDeferrals_IsRefusedAndAppendsNothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var log = cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
        var at = cluster.Time.GetUtcNow();

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendManyAsync([
            new AuditEvent("decision.recorded", at, "deferral-1"),
            new AuditEvent("decision.recorded", at, "deferral-2"),
        ]));

        var verification = await log.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(0, verification.Entries);
    }

    [Fact]
    public async Task Decide_ApprovalThatResolves_RecordsTheDecisionAndTheResolutionInOneBlock()
    {
        using var file = new SqliteFile();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(file.Path, time: time, settings: new Dictionary<string, string?>
        {
            // No notifications, so that the deferral's shard holds only what the deferral grain records.
            ["DeferredOrleans:Notifications:Enabled"] = "false",
        });
        var id = Requests.NewId();
        var deferral = cluster.Grains.GetGrain<IDeferralGrain>(id);

        await deferral.CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToOwner(time.GetUtcNow())));
        var decided = await deferral.DecideAsync(new ApproverDecision("alice", true));

        Assert.Equal(DeferralStatus.Approved, decided.Status);
        var trail = await cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).QueryAsync(new AuditQuery(DeferralId: id));
        Assert.Equal(["deferral.approved", "decision.recorded", "deferral.created"], trail.Select(e => e.Event.Kind));
        Assert.Equal([3L, 2L, 1L], trail.Select(e => e.Sequence));

        // One block for the creation, one for the decision with the resolution it caused: one durable round each.
        var shard = AuditShards.Of(id, 8);
        Assert.Equal([1L, 1L, null], Enumerable.Range(0, 3).Select(block => file.StateVersion("audit-block", $"{shard}-{block}")));
    }

    [Fact]
    public async Task Query_ByClientApproverAndTime_GathersEveryShard()
    {
        await using var cluster = await TestCluster.StartAsync();
        var log = cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
        var start = cluster.Time.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            log.AppendAsync(new AuditEvent("decision.recorded", start.AddSeconds(i), $"deferral-{i}", $"client-{i % 3}", $"approver-{i % 5}"))));

        var byClient = await log.QueryAsync(new AuditQuery(ClientId: "client-1"));
        var byApprover = await log.QueryAsync(new AuditQuery(ApproverId: "approver-4", Limit: 3));
        var byTime = await log.QueryAsync(new AuditQuery(From: start.AddSeconds(10), To: start.AddSeconds(14)));

        Assert.Equal(Enumerable.Range(0, 60).Where(i => i % 3 == 1).Reverse().Select(i => $"deferral-{i}"), byClient.Select(e => e.Event.DeferralId));
        Assert.True(byClient.Select(e => e.Shard).Distinct().Count() > 1, "one client's events are spread over several shards");
        Assert.Equal(["deferral-59", "deferral-54", "deferral-49"], byApprover.Select(e => e.Event.DeferralId));
        Assert.Equal(["deferral-14", "deferral-13", "deferral-12", "deferral-11", "deferral-10"], byTime.Select(e => e.Event.DeferralId));
    }

    [Fact]
    public async Task Query_AfterARestart_IndexIsRebuiltFromTheBlocksWhileAppendsGoOn()
    {
        using var file = new SqliteFile();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var earlier = before.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
            for (var i = 0; i < 5; i++)
            {
                await earlier.AppendAsync(new AuditEvent("decision.recorded", time.GetUtcNow().AddSeconds(i), "deferral-7", ApproverId: $"approver-{i}"));
            }
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var log = after.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);

        // The first query builds the index while appends go on; neither the old entries nor the new ones are missed.
        var appends = Enumerable.Range(5, 40).Select(i => log.AppendAsync(new AuditEvent("decision.recorded", time.GetUtcNow().AddSeconds(i), "deferral-7", ApproverId: $"approver-{i}"))).ToList();
        var first = await log.QueryAsync(new AuditQuery(DeferralId: "deferral-7", Limit: 1000));
        await Task.WhenAll(appends);
        var trail = await log.QueryAsync(new AuditQuery(DeferralId: "deferral-7", Limit: 1000));

        Assert.Subset(trail.Select(e => e.Event.ApproverId).ToHashSet(), first.Select(e => e.Event.ApproverId).ToHashSet());
        Assert.Equal(Enumerable.Range(0, 45).Reverse().Select(i => $"approver-{i}"), trail.Select(e => e.Event.ApproverId));
    }

    [Fact]
    public async Task Shard_BlockStoredButItsHeadNot_IsAdoptedOnActivationAndNoBlockIsWrittenTwice()
    {
        using var file = new SqliteFile();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        byte[] headAfterFirst;
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var shard = before.Grains.GetGrain<IAuditShardGrain>(5);
            await shard.AppendAsync(new AuditEvent("test.event", time.GetUtcNow(), Detail: "first"));
            await shard.AppendAsync(new AuditEvent("test.event", time.GetUtcNow(), Detail: "second"));

            // The head trails by a block: the one stored with block 1 counts block 0 only.
            headAfterFirst = file.Payload("audit-shard", "")!;
        }

        // As if the process died after storing block 1 and before storing the head that counts it.
        file.ReplacePayload("audit-shard", "", headAfterFirst);

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var restarted = after.Grains.GetGrain<IAuditShardGrain>(5);
        var third = await restarted.AppendAsync(new AuditEvent("test.event", time.GetUtcNow(), Detail: "third"));
        var verification = await restarted.VerifyAsync([]);

        Assert.Equal(3, third.Sequence);
        Assert.Null(verification.Problem);
        Assert.Equal(3, verification.Entries);
        Assert.Equal([1L, 1L, 1L], new[] { "5-0", "5-1", "5-2" }.Select(k => file.StateVersion("audit-block", k) ?? 0));
    }

    [Fact]
    public async Task Checkpoint_SignsEveryShardHeadAndReachesTheFileAndTheHttpWitness()
    {
        using var receiver = new CallbackReceiver();
        var witnessFile = Path.Combine(Path.GetTempPath(), $"audit-witness-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var cluster = await TestCluster.StartAsync(settings: new Dictionary<string, string?>
            {
                ["DeferredOrleans:Audit:Shards"] = "4",
                ["DeferredOrleans:Audit:WitnessFile"] = witnessFile,
                ["DeferredOrleans:Audit:WitnessUrl"] = receiver.Endpoint,
            });
            var log = cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
            var checkpoints = cluster.Grains.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints);
            await log.AppendAsync(new AuditEvent("deferral.created", cluster.Time.GetUtcNow(), "deferral-1"));

            var first = await checkpoints.CheckpointAsync();
            var unchanged = await checkpoints.CheckpointAsync();
            var entry = await log.AppendAsync(new AuditEvent("decision.recorded", cluster.Time.GetUtcNow(), "deferral-1"));
            var second = await checkpoints.CheckpointAsync();

            Assert.NotNull(first);
            Assert.Equal(first!.Number, unchanged!.Number);
            Assert.Equal([0, 1, 2, 3], first.Shards.Select(s => s.Shard));
            Assert.Equal(2, second!.Number);
            Assert.Equal(AuditCheckpoints.Digest(first), second.Previous);
            Assert.Equal(new AuditShardHead(entry.Shard, 2, entry.Hash), second.Shards[entry.Shard]);
            var key = await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAuditKeyAsync();
            Assert.True(AuditCheckpoints.HasValidSignature(second, key.X, key.Y));
            Assert.Equal(key.KeyId, second.KeyId);
            Assert.DoesNotContain(key.KeyId, (await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync()).SigningKeys.Select(k => k.Info.KeyId));

            var lines = await File.ReadAllLinesAsync(witnessFile);
            Assert.Equal([AuditCheckpointJson.Serialize(first), AuditCheckpointJson.Serialize(second)], lines);
            await DeferralGrainTests.Eventually(() => Task.FromResult(receiver.Requests.Count == 2));
            Assert.Equal(lines, receiver.Requests.Select(r => r.Body));
            Assert.All(receiver.Requests, r => Assert.Equal("POST", r.Method));
            Assert.Equal(AuditCheckpointJson.Serialize(second), AuditCheckpointJson.Serialize((await checkpoints.LatestAsync())!));
        }
        finally
        {
            File.Delete(witnessFile);
        }
    }

    [Fact]
    public async Task Checkpoint_HttpWitnessRefuses_TheCheckpointIsStoredAndFileStillGetsIt()
    {
        using var receiver = new CallbackReceiver { Status = System.Net.HttpStatusCode.InternalServerError };
        var witnessFile = Path.Combine(Path.GetTempPath(), $"audit-witness-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var cluster = await TestCluster.StartAsync(settings: new Dictionary<string, string?>
            {
                ["DeferredOrleans:Audit:WitnessFile"] = witnessFile,
                ["DeferredOrleans:Audit:WitnessUrl"] = receiver.Endpoint,
            });
            await cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).AppendAsync(new AuditEvent("token.issued", cluster.Time.GetUtcNow()));

            var checkpoint = await cluster.Grains.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).CheckpointAsync();

            Assert.Single(receiver.Requests);
            Assert.Equal([AuditCheckpointJson.Serialize(checkpoint!)], await File.ReadAllLinesAsync(witnessFile));
        }
        finally
        {
            File.Delete(witnessFile);
        }
    }

    [Fact]
    public async Task Verify_AgainstWitnessedCheckpoints_CatchesADeletedBlockAndAForgedCheckpoint()
    {
        using var file = new SqliteFile();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(file.Path, time: time);
        var log = cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
        var shard = AuditShards.Of("deferral-9", 8);
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync(new AuditEvent("decision.recorded", time.GetUtcNow(), "deferral-9"));
        }

        var checkpoint = (await cluster.Grains.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).CheckpointAsync())!;
        var intact = await log.VerifyAsync([checkpoint]);
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(3, intact.Entries);
        Assert.Equal(AuditCheckpoints.Name(checkpoint), intact.Checkpoint);

        // A "witnessed" checkpoint altered to claim more than the log holds is refused for its signature, not believed.
        var claimed = checkpoint.Shards.SetItem(shard, checkpoint.Shards[shard] with { Size = 5 });
        var forged = await log.VerifyAsync([checkpoint with { Shards = claimed }]);
        Assert.False(forged.Intact);
        Assert.Contains("its signature does not verify with the audit key", forged.Problem, StringComparison.Ordinal);

        file.DeleteRow("audit-block", $"{shard}-1");
        var deleted = await log.VerifyAsync([checkpoint]);
        Assert.False(deleted.Intact);
        Assert.Equal($"shard {shard} block 1 is missing: entries after 1 are missing", deleted.Problem);
    }

    [Fact]
    public async Task Verify_WithoutWitness_UsesTheLatestStoredCheckpoint()
    {
        await using var cluster = await TestCluster.StartAsync();
        var log = cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog);
        Assert.Null((await log.VerifyAsync()).Checkpoint);

        await log.AppendAsync(new AuditEvent("token.issued", cluster.Time.GetUtcNow()));
        var checkpoint = await cluster.Grains.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).CheckpointAsync();
        var verification = await log.VerifyAsync();

        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(AuditCheckpoints.Name(checkpoint!), verification.Checkpoint);
    }

    [Fact]
    public async Task AuditKey_IsStoredEncryptedAndStableAcrossRestarts()
    {
        using var file = new SqliteFile();
        AuditSigningKey key;
        await using (var before = await TestCluster.StartAsync(file.Path))
        {
            key = await before.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAuditKeyAsync();
        }

        var stored = file.Payload("keyring", GrainKeys.KeyRing)!;
        Assert.True(stored.AsSpan().IndexOf(key.PrivateKeyPkcs8.AsSpan(^32..)) < 0, "the private key is not stored in clear");
        await using var after = await TestCluster.StartAsync(file.Path);
        var again = await after.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAuditKeyAsync();
        Assert.Equal((key.KeyId, key.X, key.Y), (again.KeyId, again.X, again.Y));
        Assert.Equal(key.PrivateKeyPkcs8, again.PrivateKeyPkcs8);
    }
}
