using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Core.AuditLog;

namespace DeferredOrleans.UnitTests;

/// <summary>A shard's index answers queries by deferral, client, approver, kind and time, newest first, within the limit.</summary>
public sealed class AuditIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Find_ByDeferral_ReturnsItsEntriesNewestFirst()
    {
        var index = Index(12);

        // Entry i has deferral d{i % 3}, client client{i % 2}, approver approver{i % 4}, time Start + i s.
        Assert.Equal([12L, 9, 6, 3], index.Find(new AuditQuery(DeferralId: "d0"), 100));
    }

    [Fact]
    public void Find_SeveralAttributes_ReturnsOnlyEntriesMatchingAll()
    {
        var index = Index(12);

        Assert.Equal([12L, 6], index.Find(new AuditQuery(DeferralId: "d0", ClientId: "client0"), 100));
        Assert.Equal([12L, 8, 4], index.Find(new AuditQuery(ApproverId: "approver0", ClientId: "client0"), 100));
    }

    [Fact]
    public void Find_UnknownAttribute_FindsNothing()
    {
        Assert.Empty(Index(12).Find(new AuditQuery(ClientId: "nobody"), 100));
    }

    [Fact]
    public void Find_TimeRange_ReturnsEntriesWithinItNewestFirst()
    {
        var index = Index(12);

        Assert.Equal([7L, 6, 5, 4], index.Find(new AuditQuery(From: Start.AddSeconds(4), To: Start.AddSeconds(7)), 100));
        Assert.Equal([12L, 11], index.Find(new AuditQuery(From: Start.AddSeconds(11)), 100));
        Assert.Equal([2L, 1], index.Find(new AuditQuery(To: Start.AddSeconds(2)), 100));
    }

    [Fact]
    public void Find_EntriesArrivingOutOfTimeOrder_AreFoundByTheirTime()
    {
        var index = new AuditIndex();
        var hash = AuditChain.Genesis;
        foreach (var (sequence, second) in new[] { (1L, 10), (2L, 30), (3L, 20), (4L, 40) })
        {
            var entry = AuditChain.Link(0, sequence, hash, new AuditEvent("token.issued", Start.AddSeconds(second)));
            index.Add(entry, block: sequence - 1);
            hash = entry.Hash;
        }

        Assert.Equal([4L, 2, 3, 1], index.Find(new AuditQuery(), 100));
        Assert.Equal([3L], index.Find(new AuditQuery(From: Start.AddSeconds(15), To: Start.AddSeconds(25)), 100));
    }

    [Fact]
    public void Find_Limit_KeepsTheNewest()
    {
        Assert.Equal([12L, 11, 10], Index(12).Find(new AuditQuery(), 3));
        Assert.Equal([11L, 9], Index(12).Find(new AuditQuery(ClientId: "client1"), 2));
    }

    [Fact]
    public void Find_Kinds_KeepsOnlyThoseKinds()
    {
        Assert.Empty(Index(12).Find(new AuditQuery(Kinds: ["token.issued"]), 100));
        Assert.Equal(12, Index(12).Find(new AuditQuery(Kinds: ["decision.recorded"]), 100).Count);
    }

    [Fact]
    public void BlockOf_ReturnsTheBlockEachEntryWasIndexedWith()
    {
        var index = Index(12, perBlock: 5);

        Assert.Equal([0L, 0, 1, 2], new long[] { 1, 5, 6, 12 }.Select(index.BlockOf));
    }

    [Fact]
    public void Add_EntryOutOfSequence_IsRefused()
    {
        var index = Index(2);
        var entries = AuditChainTests.Chain(0, 4, Start);

        Assert.Throws<InvalidOperationException>(() => index.Add(entries[3], 0));
    }

    private static AuditIndex Index(int count, int perBlock = 1)
    {
        var index = new AuditIndex();
        foreach (var entry in AuditChainTests.Chain(0, count, Start))
        {
            index.Add(entry, (entry.Sequence - 1) / perBlock);
        }

        return index;
    }
}
