using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Core.AuditLog;
using DeferredOrleans.Core.Crypto;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// Signed checkpoints over the shard heads: the signature binds every field, each checkpoint names the one before,
/// and the log is checked against witnessed checkpoints so that a rollback, a deletion or an edit names the checkpoint.
/// </summary>
public sealed class AuditCheckpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 11, 40, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Sign_FirstCheckpoint_IsNumberOneAfterGenesisAndVerifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = AuditCheckpoints.Sign(null, [Head(1, 4, "b"), Head(0, 2, "a")], Now.AddTicks(7), "kid", key);

        Assert.Equal(1, checkpoint.Number);
        Assert.Equal(AuditChain.Genesis, checkpoint.Previous);
        Assert.Equal(Now, checkpoint.IssuedAt);
        Assert.Equal([0, 1], checkpoint.Shards.Select(s => s.Shard));
        var (x, y) = EcJwk.PublicCoordinates(key);
        Assert.True(AuditCheckpoints.HasValidSignature(checkpoint, x, y));
    }

    [Fact]
    public void Sign_NextCheckpoint_ChainsToTheDigestOfThePrevious()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var first = AuditCheckpoints.Sign(null, [Head(0, 2, "a")], Now, "kid", key);
        var second = AuditCheckpoints.Sign(first, [Head(0, 3, "c")], Now.AddMinutes(5), "kid", key);

        Assert.Equal(2, second.Number);
        Assert.Equal(AuditCheckpoints.Digest(first), second.Previous);
        Assert.NotEqual(AuditChain.Genesis, second.Previous);
    }

    public static TheoryData<string> Alterations => ["number", "time", "size", "head", "previous", "dropped shard", "other key"];

    [Theory]
    [MemberData(nameof(Alterations))]
    public void HasValidSignature_AnyFieldAltered_IsFalse(string alteration)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = AuditCheckpoints.Sign(null, [Head(0, 2, "a"), Head(1, 5, "b")], Now, "kid", key);
        var (x, y) = EcJwk.PublicCoordinates(alteration == "other key" ? other : key);
        var altered = alteration switch
        {
            "number" => signed with { Number = 2 },
            "time" => signed with { IssuedAt = Now.AddSeconds(1) },
            "size" => signed with { Shards = [Head(0, 1, "a"), Head(1, 5, "b")] },
            "head" => signed with { Shards = [Head(0, 2, "x"), Head(1, 5, "b")] },
            "previous" => signed with { Previous = new string('1', 64) },
            "dropped shard" => signed with { Shards = [Head(0, 2, "a")] },
            _ => signed,
        };

        Assert.False(AuditCheckpoints.HasValidSignature(altered, x, y));
    }

    [Fact]
    public void Unchanged_SameHeadsInAnyOrder_IsTrueAndAGrownShardIsNot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = AuditCheckpoints.Sign(null, [Head(0, 2, "a"), Head(1, 5, "b")], Now, "kid", key);

        Assert.True(AuditCheckpoints.Unchanged(checkpoint, [Head(1, 5, "b"), Head(0, 2, "a")]));
        Assert.False(AuditCheckpoints.Unchanged(checkpoint, [Head(0, 3, "c"), Head(1, 5, "b")]));
        Assert.False(AuditCheckpoints.Unchanged(null, [Head(0, 0, AuditChain.Genesis)]));
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheSignatureValid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = AuditCheckpoints.Sign(null, [Head(0, 2, "a"), Head(1, 5, "b")], Now, "kid", key);

        var line = AuditCheckpointJson.Serialize(checkpoint);
        var parsed = AuditCheckpointJson.Parse(line);

        Assert.DoesNotContain('\n', line);
        Assert.Equal(AuditCheckpoints.Body(checkpoint), AuditCheckpoints.Body(parsed));
        var (x, y) = EcJwk.PublicCoordinates(key);
        Assert.True(AuditCheckpoints.HasValidSignature(parsed, x, y));
    }

    [Fact]
    public void ParseLines_BadLine_NamesItsLineNumber()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var line = AuditCheckpointJson.Serialize(AuditCheckpoints.Sign(null, [Head(0, 2, "a")], Now, "kid", key));

        Assert.Equal(2, AuditCheckpointJson.ParseLines([line, "", line]).Length);
        var problem = Assert.Throws<JsonException>(() => AuditCheckpointJson.ParseLines([line, "", "{\"number\":2}"]));
        Assert.StartsWith("line 3 is not a checkpoint", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LogHoldsEveryWitnessedEntry_IsNull()
    {
        var checkpoint = Checkpoint(4, Head(0, 3, "h3"), Head(1, 2, "g2"));

        Assert.Null(AuditCheckpoints.Check([checkpoint], Shards(Shard(0, 5, Head(0, 3, "h3")), Shard(1, 2, Head(1, 2, "g2")))));
    }

    [Fact]
    public void Check_ShardSmallerThanWitnessed_IsARollbackNamingTheCheckpoint()
    {
        var checkpoint = Checkpoint(4, Head(0, 3, "h3"), Head(1, 9, "g9"));

        var problem = AuditCheckpoints.Check([checkpoint], Shards(Shard(0, 3, Head(0, 3, "h3")), Shard(1, 5)));

        Assert.Equal(
            "checkpoint 4 (2026-11-30T11:40:00.123Z) witnessed 9 entries in shard 1, the log holds 5: entries were removed or the database was rolled back",
            problem);
    }

    [Fact]
    public void Check_DifferentHeadAtAWitnessedSize_IsAnEditNamingTheCheckpoint()
    {
        var checkpoint = Checkpoint(2, Head(0, 3, "h3"));

        var problem = AuditCheckpoints.Check([checkpoint], Shards(Shard(0, 7, Head(0, 3, "rewritten"))));

        Assert.Equal("shard 0 differs from checkpoint 2 (2026-11-30T11:40:00.123Z) at entry 3: entries it witnessed were altered, reordered or replaced", problem);
    }

    [Fact]
    public void Check_RollbackThenRegrowth_IsCaughtByTheOlderCheckpoint()
    {
        // Checkpoint 2 saw 9 entries; after a rollback to 5 the server grew to 12 with other entries and made "checkpoint 2" again.
        var before = Checkpoint(2, Head(0, 9, "g9"));
        var after = Checkpoint(3, Head(0, 12, "k12"));

        var problem = AuditCheckpoints.Check([after, before], Shards(Shard(0, 12, Head(0, 9, "other9"), Head(0, 12, "k12"))));

        Assert.StartsWith("shard 0 differs from checkpoint 2 ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ShardMissingAltogether_CountsAsEmpty()
    {
        var problem = AuditCheckpoints.Check([Checkpoint(1, Head(5, 1, "a"))], Shards());

        Assert.Contains("witnessed 1 entries in shard 5, the log holds 0", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Follows_HigherNumberAndNoShardSmaller_IsNull()
    {
        Assert.Null(AuditCheckpoints.Follows(Checkpoint(2, Head(0, 3, "a"), Head(1, 4, "b")), Checkpoint(3, Head(0, 3, "a"), Head(1, 6, "c"), Head(2, 1, "d"))));
    }

    [Fact]
    public void Follows_SameNumberAgain_IsTheDatabaseGoingBack()
    {
        var problem = AuditCheckpoints.Follows(Checkpoint(2, Head(0, 3, "a")), Checkpoint(2, Head(0, 4, "b")));

        Assert.Equal("checkpoint 2 comes after checkpoint 2 (2026-11-30T11:40:00.123Z)", problem);
    }

    [Fact]
    public void Follows_AShardWithFewerEntries_IsTheDatabaseGoingBack()
    {
        var problem = AuditCheckpoints.Follows(Checkpoint(2, Head(0, 3, "a"), Head(1, 9, "b")), Checkpoint(3, Head(0, 5, "c"), Head(1, 8, "d")));

        Assert.Equal("checkpoint 3 has fewer entries in shard 1 than checkpoint 2 (2026-11-30T11:40:00.123Z) (9)", problem);
    }

    [Fact]
    public void SizesToCheck_EveryWitnessedSizeOncePerShard()
    {
        var sizes = AuditCheckpoints.SizesToCheck([Checkpoint(1, Head(0, 3, "a"), Head(1, 0, "z")), Checkpoint(2, Head(0, 5, "b"), Head(1, 0, "z")), Checkpoint(3, Head(0, 3, "a"))]);

        Assert.Equal([3L, 5L], sizes[0].AsEnumerable());
        Assert.Equal([0L], sizes[1].AsEnumerable());
    }

    private static AuditShardHead Head(int shard, long size, string head) => new(shard, size, head);

    private static AuditCheckpoint Checkpoint(long number, params AuditShardHead[] heads) => new(number, Now, [.. heads], AuditChain.Genesis, "kid", "sig");

    private static AuditShardVerification Shard(int shard, long entries, params AuditShardHead[] at) => new(shard, entries, null, [.. at]);

    private static ImmutableDictionary<int, AuditShardVerification> Shards(params AuditShardVerification[] shards) => shards.ToImmutableDictionary(s => s.Shard);
}
