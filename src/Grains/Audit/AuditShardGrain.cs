using System.Collections.Immutable;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Core.AuditLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;

namespace DeferredOrleans.Grains.Audit;

/// <summary>
/// One shard of the audit log: its hash chain, appended one block per flush and never rewritten, then its head; and
/// its index, built from the blocks by the first query of an activation and kept up to date by every flush after.
/// Appends and checkpoints never wait for the index, so a checkpoint that wakes an idle shard costs one read.
/// </summary>
/// <remarks>
/// Appends are group-committed (<see cref="GroupCommit{TChange, TResult}"/>): the grain is reentrant, calls that arrive
/// while a flush is in flight queue up, and the next flush links and stores all of them as one new block and one head
/// write; the events of one call (<see cref="AppendManyAsync"/>) stay next to each other. Only the flush loop touches the
/// chain; each caller returns once its entries are durable.
/// </remarks>
[Reentrant]
public sealed partial class AuditShardGrain(
    [PersistentState("audit-shard", StorageNames.Keys)] IPersistentState<AuditShardState> head,
    ILogger<AuditShardGrain> logger) : Grain, IAuditShardGrain
{
    /// <summary>Entries of recent blocks kept in memory for queries once the shard is queried; past this the cache starts over.</summary>
    private const int CachedEntries = 4096;

    /// <summary>Blocks read at once while the index is built.</summary>
    private const int LoadBatch = 16;

    private readonly AuditIndex _index = new();
    private readonly Dictionary<long, ImmutableArray<AuditEntry>> _cache = [];
    private int _cachedEntries;
    private AuditBlockStore _blocks = null!;
    private GroupCommit<ImmutableArray<AuditEvent>, ImmutableArray<AuditEntry>>? _appends;
    private bool _mustCatchUp;
    private bool _headBehind;
    private Task? _indexing;
    private bool _indexed;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _blocks = new AuditBlockStore(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Keys), Shard);
        await CatchUpAsync();
        try
        {
            await GrainFactory.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).EnsureScheduledAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCheckpointsNotScheduled(logger, e, Shard);
        }
    }

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent) => (await AppendManyAsync([auditEvent]))[0];

    public Task<ImmutableArray<AuditEntry>> AppendManyAsync(ImmutableArray<AuditEvent> auditEvents) =>
        auditEvents.IsDefaultOrEmpty ? Task.FromResult(ImmutableArray<AuditEntry>.Empty) : (_appends ??= new(StoreAsync)).CommitAsync(auditEvents);

    public async Task<ImmutableArray<AuditEntry>> QueryAsync(AuditQuery query)
    {
        try
        {
            await (_indexing ??= IndexAsync());
        }
        catch (Exception)
        {
            // A storage failure while building: the next query tries again.
            _indexing = null;
            throw;
        }

        var found = ImmutableArray.CreateBuilder<AuditEntry>();
        foreach (var sequence in _index.Find(query, Math.Clamp(query.Limit, 1, 1000)))
        {
            var block = await BlockAsync(_index.BlockOf(sequence));
            if (block.FirstOrDefault(e => e.Sequence == sequence) is { } entry)
            {
                found.Add(entry);
            }
        }

        return found.ToImmutable();
    }

    public Task<AuditShardHead> HeadAsync() => Task.FromResult(new AuditShardHead(Shard, head.State.Sequence, head.State.Hash));

    public async Task<AuditShardVerification> VerifyAsync(ImmutableArray<long> sizes)
    {
        var (blocks, endSequence, endHash) = (head.State.Blocks, head.State.Sequence, head.State.Hash);
        var wanted = sizes.ToHashSet();
        var (sequence, hash) = (0L, AuditChain.Genesis);
        var at = ImmutableArray.CreateBuilder<AuditShardHead>();
        for (var block = 0L; block < blocks; block++)
        {
            ImmutableArray<AuditEntry>? entries;
            try
            {
                entries = await _blocks.ReadAsync(block);
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                return new(Shard, sequence, $"shard {Shard} block {block} cannot be read ({e.GetType().Name})", at.ToImmutable());
            }

            if (entries is null)
            {
                return new(Shard, sequence, $"shard {Shard} block {block} is missing: entries after {sequence} are missing", at.ToImmutable());
            }

            foreach (var entry in entries.Value)
            {
                string? problem;
                (sequence, hash, problem) = AuditChain.Check(Shard, [entry], sequence, hash);
                if (problem is not null)
                {
                    return new(Shard, sequence, problem, at.ToImmutable());
                }

                if (wanted.Contains(sequence))
                {
                    at.Add(new AuditShardHead(Shard, sequence, hash));
                }
            }
        }

        var ending = sequence == endSequence && hash == endHash
            ? null
            : $"shard {Shard}: entries after {sequence} are missing (its head is at {endSequence})";
        if (ending is null && wanted.Contains(0))
        {
            at.Add(new AuditShardHead(Shard, 0, AuditChain.Genesis));
        }

        return new(Shard, sequence, ending, at.ToImmutable());
    }

    /// <summary>
    /// Links a batch of appends to the chain, each one's events in order and next to each other, and stores it: one new
    /// block, then the head.
    /// </summary>
    private async Task<IReadOnlyList<ImmutableArray<AuditEntry>>> StoreAsync(IReadOnlyList<ImmutableArray<AuditEvent>> batch)
    {
        if (_mustCatchUp)
        {
            await CatchUpAsync();
        }

        var (sequence, hash, block) = (head.State.Sequence, head.State.Hash, head.State.Blocks);
        var entries = ImmutableArray.CreateBuilder<AuditEntry>(batch.Sum(b => b.Length));
        foreach (var auditEvent in batch.SelectMany(b => b))
        {
            var entry = AuditChain.Link(Shard, ++sequence, hash, auditEvent);
            entries.Add(entry);
            hash = entry.Hash;
        }

        var stored = entries.MoveToImmutable();

        // The head as of the previous flush goes with this block, so that both share one durable round: a block is
        // durable on its own (activation adopts blocks past the stored head), and the head row trails by at most one
        // block, until the next flush or the shard's deactivation.
        var headWrite = _headBehind ? WriteHeadAsync() : Task.CompletedTask;
        try
        {
            await _blocks.WriteAsync(block, stored);
        }
        catch (Exception)
        {
            // The block may have reached storage even so: look before linking more, so that no block is written twice.
            _mustCatchUp = true;
            await Task.WhenAny(headWrite);
            throw;
        }

        // The head's write is finished before the head moves on; if it failed, the block is durable all the same and
        // the activation steps aside (WriteHeadAsync), so the callers hear of the failure as before.
        await Task.WhenAny(headWrite);
        Adopt(block, stored);
        _headBehind = true;
        await headWrite;
        var results = new List<ImmutableArray<AuditEntry>>(batch.Count);
        var first = 0;
        foreach (var appended in batch)
        {
            results.Add(stored.Slice(first, appended.Length));
            first += appended.Length;
        }

        return results;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not while the silo shuts down, when storage may already be gone: activation adopts the trailing block anyway.
        if (_headBehind && !_mustCatchUp && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            try
            {
                await WriteHeadAsync().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Activation adopts the blocks past the stored head, so nothing is lost.
                LogHeadNotStored(logger, e, Shard);
            }
        }
    }

    private async Task WriteHeadAsync()
    {
        try
        {
            await head.WriteStateAsync();
            _headBehind = false;
        }
        catch (Exception)
        {
            // The entries are durable and activation finds them from the stored blocks; the head's ETag may not be.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Reads every block into the index. Appends go on meanwhile and are not indexed by the flush until this is done,
    /// so the loop reads up to the head as it stands at each step, and marks the index whole in the same turn it
    /// finds nothing left to read.
    /// </summary>
    private async Task IndexAsync()
    {
        for (var first = 0L; first < head.State.Blocks; first += LoadBatch)
        {
            var count = (int)Math.Min(LoadBatch, head.State.Blocks - first);
            var blocks = await Task.WhenAll(Enumerable.Range(0, count).Select(i => _blocks.ReadAsync(first + i)));
            for (var i = 0; i < count; i++)
            {
                // A missing or broken block is verification's to report; queries go on with what is whole.
                if (blocks[i] is { } entries)
                {
                    Index(first + i, entries);
                }
            }
        }

        _indexed = true;
    }

    private async Task CatchUpAsync()
    {
        while (await _blocks.ReadAsync(head.State.Blocks) is { Length: > 0 } entries && entries[0].Sequence == head.State.Sequence + 1)
        {
            Adopt(head.State.Blocks, entries);
        }

        _mustCatchUp = false;
    }

    private void Adopt(long block, ImmutableArray<AuditEntry> entries)
    {
        head.State.Sequence = entries[^1].Sequence;
        head.State.Hash = entries[^1].Hash;
        head.State.Blocks = block + 1;
        // The index and the cache serve queries: a shard nobody has queried since its activation keeps neither, so
        // the memory of a busy log stays flat (up to CachedEntries entries per shard once it is queried).
        if (_indexed)
        {
            Index(block, entries);
            Cache(block, entries);
        }
    }

    private void Index(long block, ImmutableArray<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            // After a missing or altered block the rest stays out of the index until the log is repaired.
            if (entry.Sequence == _index.Count + 1)
            {
                _index.Add(entry, block);
            }
        }
    }

    private async Task<ImmutableArray<AuditEntry>> BlockAsync(long block)
    {
        if (_cache.TryGetValue(block, out var entries))
        {
            return entries;
        }

        entries = await _blocks.ReadAsync(block) ?? [];
        Cache(block, entries);
        return entries;
    }

    private void Cache(long block, ImmutableArray<AuditEntry> entries)
    {
        if (_cachedEntries + entries.Length > CachedEntries)
        {
            _cache.Clear();
            _cachedEntries = 0;
        }

        if (_cache.TryAdd(block, entries))
        {
            _cachedEntries += entries.Length;
        }
    }
}
