using System.Security.Cryptography;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.AuditLog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Audit;

/// <summary>
/// Every <see cref="AuditOptions.CheckpointInterval"/> (a reminder) or on demand: reads every shard's head, signs a
/// checkpoint over them with the audit key, stores it, then hands it to each witness. A witness that fails is logged
/// and gets the next checkpoint, which covers everything this one did.
/// </summary>
public sealed partial class AuditCheckpointGrain(
    [PersistentState("audit-checkpoints", StorageNames.Keys)] IPersistentState<AuditCheckpointState> state,
    IOptions<AuditOptions> options,
    IEnumerable<IAuditWitness> witnesses,
    TimeProvider time,
    ILogger<AuditCheckpointGrain> logger) : Grain, IAuditCheckpointGrain, IRemindable
{
    private const string Reminder = "audit-checkpoint";

    private bool _scheduled;

    public async Task<AuditCheckpoint?> CheckpointAsync()
    {
        var previous = state.State.Latest;
        var count = Math.Max(Math.Max(1, options.Value.Shards), previous?.Shards.Length ?? 0);
        var heads = await Task.WhenAll(Enumerable.Range(0, count).Select(s => GrainFactory.GetGrain<IAuditShardGrain>(s).HeadAsync()));
        if (AuditCheckpoints.Unchanged(previous, heads))
        {
            return previous;
        }

        var key = await GrainFactory.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAuditKeyAsync();
        using var signer = ECDsa.Create();
        signer.ImportPkcs8PrivateKey(key.PrivateKeyPkcs8, out _);
        var checkpoint = AuditCheckpoints.Sign(previous, heads, time.GetUtcNow(), key.KeyId, signer);
        state.State.Latest = checkpoint;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            state.State.Latest = previous;
            throw;
        }

        var json = AuditCheckpointJson.Serialize(checkpoint);
        foreach (var witness in witnesses)
        {
            try
            {
                await witness.ExportAsync(checkpoint, json, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
            {
                LogWitnessFailed(logger, e, checkpoint.Number, witness.Name);
            }
        }

        return checkpoint;
    }

    public Task<AuditCheckpoint?> LatestAsync() => Task.FromResult(state.State.Latest);

    public async Task EnsureScheduledAsync()
    {
        if (!_scheduled)
        {
            var interval = options.Value.CheckpointInterval;
            await this.RegisterOrUpdateReminder(Reminder, interval, interval);
            _scheduled = true;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _scheduled = true;
        await CheckpointAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit checkpoint {Number} did not reach the witness {Witness}; the next checkpoint covers it")]
    private static partial void LogWitnessFailed(ILogger logger, Exception exception, long number, string witness);
}
