using System.Collections.Immutable;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.AuditLog;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DeferredOrleans.Grains.Audit;

/// <summary>
/// The audit log as callers see it, holding no state: a stateless worker, activated locally on every silo, that sends
/// each event to its shard and fans queries and verification out to the shards. No grain sees every event.
/// </summary>
/// <remarks>
/// Reentrant: a stateless worker takes one call at a time per activation, and there are only as many activations per
/// silo as cores, so without it every audit append of the silo waited for one of two or so appends in flight to be
/// durable, and the shards' group commit never saw more than that many to gather.
/// </remarks>
[StatelessWorker]
[Reentrant]
public sealed class AuditLogGrain(IOptions<AuditOptions> options) : Grain, IAuditLogGrain
{
    private readonly int _shards = Math.Max(1, options.Value.Shards);

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent) => (await AppendManyAsync([auditEvent]))[0];

    public Task<ImmutableArray<AuditEntry>> AppendManyAsync(ImmutableArray<AuditEvent> auditEvents)
    {
        if (auditEvents.IsDefaultOrEmpty)
        {
            return Task.FromResult(ImmutableArray<AuditEntry>.Empty);
        }

        // The events of one call are stored together, so they need one shard: that of the deferral they concern.
        var deferrals = auditEvents.Select(e => e.DeferralId).OfType<string>().Distinct(StringComparer.Ordinal).Take(2).ToList();
        if (deferrals.Count > 1)
        {
            throw new ArgumentException($"The events of one append concern one deferral at most, not {deferrals[0]} and {deferrals[1]}.", nameof(auditEvents));
        }

        // A deferral's events share a shard so that its history is one ordered chain; other events have no order to
        // keep with each other and are spread evenly, so that no client's issuance all lands on one shard.
        var shard = deferrals is [var deferral] ? AuditShards.Of(deferral, _shards) : Random.Shared.Next(_shards);
        return Shard(shard).AppendManyAsync(auditEvents);
    }

    public async Task<ImmutableArray<AuditEntry>> QueryAsync(AuditQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, 1000);
        IEnumerable<int> shards = query.DeferralId is { } deferral ? [AuditShards.Of(deferral, _shards)] : Enumerable.Range(0, _shards);
        var found = await Task.WhenAll(shards.Select(s => Shard(s).QueryAsync(query with { Limit = limit })));
        return [.. found.SelectMany(f => f).OrderByDescending(e => e.Event.At).ThenByDescending(e => e.Sequence).ThenBy(e => e.Shard).Take(limit)];
    }

    public async Task<AuditVerification> VerifyAsync()
    {
        var latest = await GrainFactory.GetGrain<IAuditCheckpointGrain>(GrainKeys.AuditCheckpoints).LatestAsync();
        return await VerifyAsync(latest is null ? [] : [latest]);
    }

    public async Task<AuditVerification> VerifyAsync(ImmutableArray<AuditCheckpoint> witnessed)
    {
        if (witnessed.Length > 0)
        {
            var key = await GrainFactory.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAuditKeyAsync();
            if (witnessed.FirstOrDefault(c => c.KeyId != key.KeyId || !AuditCheckpoints.HasValidSignature(c, key.X, key.Y)) is { } forged)
            {
                return new AuditVerification(false, 0, $"{AuditCheckpoints.Name(forged)}: its signature does not verify with the audit key {key.KeyId}");
            }
        }

        var sizes = AuditCheckpoints.SizesToCheck(witnessed);
        var count = Math.Max(_shards, sizes.IsEmpty ? 0 : sizes.Keys.Max() + 1);
        var shards = await Task.WhenAll(Enumerable.Range(0, count).Select(s => Shard(s).VerifyAsync(sizes.GetValueOrDefault(s, []))));
        var entries = shards.Sum(s => s.Entries);
        var latest = witnessed.IsEmpty ? null : AuditCheckpoints.Name(witnessed.MaxBy(c => c.Number)!);
        var problem = shards.FirstOrDefault(s => s.Problem is not null)?.Problem ?? AuditCheckpoints.Check(witnessed, shards.ToDictionary(s => s.Shard));
        return new AuditVerification(problem is null, entries, problem, latest);
    }

    private IAuditShardGrain Shard(int shard) => GrainFactory.GetGrain<IAuditShardGrain>(shard);
}
