using System.Collections.Immutable;

namespace DeferredOrleans.Audit;

/// <summary>
/// Orders the audit chain. Each append stores the entry in its segment, then the new head, so verification can
/// tell an altered entry (hash mismatch), a removed one (a gap, or a broken link) and a cut tail (the head is ahead).
/// </summary>
public sealed class AuditLogGrain([PersistentState("audit-head", StorageNames.Keys)] IPersistentState<AuditHeadState> head) : Grain, IAuditLogGrain
{
    public const string Default = "default";
    public const int SegmentSize = 500;

    /// <summary>
    /// A crash between storing an entry and storing the head leaves the head one behind; it catches up from the
    /// segment before it appends again, so no sequence number is used twice.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var entries = await Segment(head.State.Sequence + 1).GetAsync();
        if (entries.LastOrDefault() is { } tail && tail.Sequence > head.State.Sequence)
        {
            head.State.Sequence = tail.Sequence;
            head.State.Hash = tail.Hash;
        }
    }

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent)
    {
        var entry = AuditChain.Link(head.State.Sequence + 1, head.State.Hash, auditEvent);
        await Segment(entry.Sequence).AppendAsync(entry);
        head.State.Sequence = entry.Sequence;
        head.State.Hash = entry.Hash;
        await head.WriteStateAsync();
        return entry;
    }

    public async Task<ImmutableArray<AuditEntry>> QueryAsync(AuditQuery query)
    {
        var found = ImmutableArray.CreateBuilder<AuditEntry>();
        var limit = Math.Clamp(query.Limit, 1, 1000);
        for (var segment = SegmentOf(head.State.Sequence); segment >= 0 && found.Count < limit; segment--)
        {
            var entries = await GrainFactory.GetGrain<IAuditSegmentGrain>(SegmentKey(segment)).GetAsync();
            found.AddRange(entries.Reverse().Where(e => Matches(e.Event, query)).Take(limit - found.Count));
        }

        return found.ToImmutable();
    }

    public async Task<AuditVerification> VerifyAsync()
    {
        var (sequence, hash) = (0L, AuditChain.Genesis);
        for (var segment = 0L; segment <= SegmentOf(head.State.Sequence); segment++)
        {
            ImmutableArray<AuditEntry> entries;
            try
            {
                entries = await GrainFactory.GetGrain<IAuditSegmentGrain>(SegmentKey(segment)).GetAsync();
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                return new AuditVerification(false, sequence, $"segment {segment} cannot be read ({e.GetType().Name})");
            }

            string? problem;
            (sequence, hash, problem) = AuditChain.Check(entries, sequence, hash);
            if (problem is not null)
            {
                return new AuditVerification(false, sequence, problem);
            }
        }

        return sequence == head.State.Sequence && hash == head.State.Hash
            ? new AuditVerification(true, sequence, null)
            : new AuditVerification(false, sequence, $"entries after {sequence} are missing (the log's head is at {head.State.Sequence})");
    }

    private IAuditSegmentGrain Segment(long sequence) => GrainFactory.GetGrain<IAuditSegmentGrain>(SegmentKey(SegmentOf(sequence)));

    private static long SegmentOf(long sequence) => Math.Max(0, sequence - 1) / SegmentSize;

    private static string SegmentKey(long segment) => $"segment-{segment}";

    private static bool Matches(AuditEvent e, AuditQuery q) =>
        (q.DeferralId is null || e.DeferralId == q.DeferralId) &&
        (q.ApproverId is null || e.ApproverId == q.ApproverId) &&
        (q.ClientId is null || e.ClientId == q.ClientId) &&
        (q.From is null || e.At >= q.From) &&
        (q.To is null || e.At <= q.To);
}
