using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Core.AuditLog;

namespace DeferredOrleans.UnitTests;

/// <summary>One shard's hash chain: an edit, a gap, a swap or an entry moved in from another shard breaks it.</summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Check_ChainAsLinked_IsWholeAndEndsAtItsHead()
    {
        var entries = Chain(shard: 2, count: 5);

        var (sequence, hash, problem) = AuditChain.Check(2, entries, 0, AuditChain.Genesis);

        Assert.Null(problem);
        Assert.Equal(5, sequence);
        Assert.Equal(entries[^1].Hash, hash);
    }

    [Fact]
    public void Check_EditedEvent_ReportsItsHashMismatch()
    {
        var entries = Chain(shard: 0, count: 4);
        entries[2] = entries[2] with { Event = entries[2].Event with { ApproverId = "eve" } };

        Assert.Equal("shard 0 entry 3: its hash does not match its content", AuditChain.Check(0, entries, 0, AuditChain.Genesis).Problem);
    }

    [Fact]
    public void Check_RemovedEntry_ReportsTheGap()
    {
        var entries = Chain(shard: 1, count: 4);
        entries.RemoveAt(1);

        Assert.Equal("shard 1 entry 2 is missing or out of place (found 3 next)", AuditChain.Check(1, entries, 0, AuditChain.Genesis).Problem);
    }

    [Fact]
    public void Check_SwappedEntriesRenumbered_ReportsTheBrokenLink()
    {
        var entries = Chain(shard: 1, count: 4);
        (entries[1], entries[2]) = (entries[2] with { Sequence = 2 }, entries[1] with { Sequence = 3 });

        Assert.Equal("shard 1 entry 2 does not follow entry 1", AuditChain.Check(1, entries, 0, AuditChain.Genesis).Problem);
    }

    [Fact]
    public void Check_EntryOfAnotherShard_IsRefusedEvenWithItsOwnHashes()
    {
        var other = Chain(shard: 3, count: 2);

        Assert.Equal("shard 4 entry 1: it belongs to shard 3", AuditChain.Check(4, other, 0, AuditChain.Genesis).Problem);
        Assert.NotEqual(AuditChain.Hash(3, 1, AuditChain.Genesis, other[0].Event), AuditChain.Hash(4, 1, AuditChain.Genesis, other[0].Event));
    }

    [Fact]
    public void Shards_SameDeferral_AlwaysTheSameShardWithinRange()
    {
        var shards = Enumerable.Range(0, 2000).Select(i => AuditShards.Of($"deferral-{i}", 8)).ToList();

        Assert.Equal(shards, Enumerable.Range(0, 2000).Select(i => AuditShards.Of($"deferral-{i}", 8)));
        Assert.All(shards, s => Assert.InRange(s, 0, 7));

        // A stable hash spreads ids over every shard (each gets 250 ± a few dozen of 2,000).
        Assert.All(shards.GroupBy(s => s), g => Assert.InRange(g.Count(), 180, 320));
        Assert.Equal(8, shards.Distinct().Count());
    }

    [Fact]
    public void Shards_KnownId_HasAFixedShardAcrossProcesses()
    {
        // SHA-256("abc") begins ba 78 16 bf: little-endian 0xbf1678ba = 3205920954, and 3205920954 mod 8 = 2.
        Assert.Equal(2, AuditShards.Of("abc", 8));
        Assert.Equal((int)(3205920954 % 7), AuditShards.Of("abc", 7));
    }

    internal static List<AuditEntry> Chain(int shard, int count, DateTimeOffset? start = null)
    {
        var entries = new List<AuditEntry>();
        var hash = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditChain.Link(shard, i, hash, new AuditEvent("decision.recorded", (start ?? At).AddSeconds(i), $"d{i % 3}", $"client{i % 2}", $"approver{i % 4}"));
            entries.Add(entry);
            hash = entry.Hash;
        }

        return entries;
    }
}
