using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace DeferredOrleans.Grains.Deferrals;

/// <summary>
/// One bucket of the durable timer wheel (<see cref="Core.Deferrals.DeadlineWheel"/>). Adds are group-committed
/// (<see cref="GroupCommit{TChange, TResult}"/>): concurrent deferrals share one flush, and the reminder is
/// registered, or moved earlier, in the same flush, so an add is durable, reminder and all, when it returns. When the
/// reminder fires, every due deferral is woken once, and only the wake-ups it answered are forgotten (a wake-up the
/// deferral asks for while being woken is kept); the others are tried again at the reminder's next tick.
/// </summary>
/// <remarks>
/// The wake-ups are kept in segments (<see cref="DeadlineIndex"/>), each a row of its own, so a flush rewrites only the
/// segments its changes touched: the cost of an add does not grow with the wake-ups the bucket already holds. A failed
/// write makes the activation step aside, so the next call reloads the bucket from storage.
/// </remarks>
[Reentrant]
public sealed partial class DeadlineBucketGrain(
    [PersistentState("deadlines", StorageNames.Deferrals)] IPersistentState<DeadlineBucketState> state,
    TimeProvider time,
    IOptions<DeferralOptions> options,
    ILogger<DeadlineBucketGrain> logger) : Grain, IDeadlineBucketGrain, IRemindable
{
    private const string WakeReminder = "wake";
    private const int WakesInFlight = 32;
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromSeconds(1);

    private GroupCommit<Change, bool>? _changes;
    private SegmentRows<DeadlineSegment, Deadline>? _segments;
    private DeadlineIndex? _index;
    private DateTimeOffset? _reminderAt;

    private DeadlineIndex Index => _index ?? throw new InvalidOperationException("The bucket is not loaded.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _segments = new(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Deferrals), this.GetGrainId(), "deadlines");
        _index = new DeadlineIndex(await _segments.ReadAllAsync(state.State.Segments), state.State.NextSegment);
        if (!state.State.Due.IsEmpty)
        {
            // Written before segments existed: move the wake-ups into segments (the old set goes with the manifest).
            foreach (var deadline in state.State.Due)
            {
                _index.Add(deadline);
            }

            _index.TakeChanges();
            await _segments.MigrateAsync(_index.Segments, _index.Segment, WriteManifestAsync);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public Task AddAsync(string deferralId, DateTimeOffset dueAt) => Changes.CommitAsync(new Change([new Deadline(deferralId, dueAt)], []));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var now = time.GetUtcNow();
        var due = Index.DueBy(now).GroupBy(d => d.DeferralId, StringComparer.Ordinal).ToList();
        var woken = new List<Deadline>();
        foreach (var chunk in due.Chunk(WakesInFlight))
        {
            var answered = await Task.WhenAll(chunk.Select(d => WakeAsync(d.Key)));
            woken.AddRange(chunk.Where((_, i) => answered[i]).SelectMany(d => d));
        }

        await Changes.CommitAsync(new Change([], [.. woken]));
    }

    private async Task<bool> WakeAsync(string deferralId)
    {
        try
        {
            await GrainFactory.GetGrain<IDeferralGrain>(deferralId).WakeAsync();
            return true;
        }
        catch (Exception e)
        {
            LogWakeFailed(logger, e, deferralId);
            return false;
        }
    }

    private GroupCommit<Change, bool> Changes => _changes ??= new(FlushAsync, (this, "bucket"));

    private async Task<IReadOnlyList<bool>> FlushAsync(IReadOnlyList<Change> changes)
    {
        foreach (var change in changes)
        {
            foreach (var woken in change.Woken)
            {
                Index.Remove(woken);
            }

            foreach (var added in change.Added)
            {
                Index.Add(added);
            }
        }

        await StoreAsync();
        if (Index.IsEmpty)
        {
            DeactivateOnIdle();
        }

        return [.. changes.Select(_ => true)];
    }

    /// <summary>
    /// Arms the reminder for the earliest wake-up, then stores the segments that changed. The reminder is armed before
    /// the wake-ups that need it are stored: a crash in between leaves a reminder that finds nothing to do, never a
    /// wake-up without a reminder. A wake-up that failed stays due, and the reminder's next periodic tick retries it.
    /// When nothing is left, the reminder goes after the last segment.
    /// </summary>
    private async Task StoreAsync()
    {
        var (next, now) = (Index.Next, time.GetUtcNow());
        if (next is { } due && (_reminderAt is not { } armed || due < armed || (armed <= now && due > now)))
        {
            // After an activation the reminder's time is not known (it is not stored with the segments): armed again once.
            var delay = due - now;
            await this.RegisterOrUpdateReminder(WakeReminder, delay > MinimumDelay ? delay : MinimumDelay, options.Value.WakeRetryPeriod);
            _reminderAt = due;
        }

        await _segments!.StoreAsync(Index.TakeChanges(), state.State.Segments, Index.Segments, Index.Segment, WriteManifestAsync);
        if (next is null && await this.GetReminder(WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderAt = null;
        }
    }

    private Task WriteManifestAsync(List<int> segments)
    {
        state.State.Due = [];
        state.State.Segments = segments;
        state.State.NextSegment = Index.NextSegment;
        // Written even when it lists nothing, never cleared: it keeps the number of the next segment, so a later
        // activation never opens a segment whose row an earlier one left behind (a cleared row keeps its version).
        return state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral {DeferralId} could not be woken; the bucket tries again at its next tick")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string deferralId);

    /// <summary>Wake-ups asked for, and wake-ups done since the last flush.</summary>
    private sealed record Change(ImmutableArray<Deadline> Added, ImmutableArray<Deadline> Woken);
}
