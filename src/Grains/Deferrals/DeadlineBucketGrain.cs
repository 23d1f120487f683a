using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DeferredOrleans.Grains.Deferrals;

/// <summary>
/// One bucket of the durable timer wheel (<see cref="Core.Deferrals.DeadlineWheel"/>). Adds are group-committed
/// (<see cref="GroupCommit{TChange, TResult}"/>): concurrent deferrals share one state write, and the reminder is
/// registered, or moved earlier, in the same flush, so an add is durable, reminder and all, when it returns. When the
/// reminder fires, every due deferral is woken once, and only the wake-ups it answered are forgotten (a wake-up the
/// deferral asks for while being woken is kept); the others are tried again at the reminder's next tick.
/// </summary>
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

    public Task AddAsync(string deferralId, DateTimeOffset dueAt) => Changes.CommitAsync(new Change([new Deadline(deferralId, dueAt)], []));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var now = time.GetUtcNow();
        var due = state.State.Due.Where(d => d.DueAt <= now).GroupBy(d => d.DeferralId, StringComparer.Ordinal).ToList();
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

    private GroupCommit<Change, bool> Changes => _changes ??= new(FlushAsync);

    private async Task<IReadOnlyList<bool>> FlushAsync(IReadOnlyList<Change> changes)
    {
        var due = state.State.Due;
        foreach (var change in changes)
        {
            due = due.Except(change.Woken).Union(change.Added);
        }

        var next = due.IsEmpty ? (DateTimeOffset?)null : due.Min(d => d.DueAt);
        if (next is null)
        {
            if (state.State.ReminderAt is not null && await this.GetReminder(WakeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            await state.ClearStateAsync();
            DeactivateOnIdle();
            return [.. changes.Select(_ => true)];
        }

        // The reminder is armed before the entries that need it are stored: a crash in between leaves a reminder
        // that finds nothing to do, never an entry without a reminder. A wake-up that failed stays due, and the
        // reminder's next periodic tick retries it.
        var (reminderAt, now) = (state.State.ReminderAt, time.GetUtcNow());
        if (reminderAt is null || next < reminderAt || (reminderAt <= now && next > now))
        {
            var delay = next.Value - now;
            await this.RegisterOrUpdateReminder(WakeReminder, delay > MinimumDelay ? delay : MinimumDelay, options.Value.WakeRetryPeriod);
            reminderAt = next;
        }

        state.State = new DeadlineBucketState { Due = due, ReminderAt = reminderAt };
        await state.WriteStateAsync();
        return [.. changes.Select(_ => true)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferral {DeferralId} could not be woken; the bucket tries again at its next tick")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string deferralId);

    /// <summary>Wake-ups asked for, and wake-ups done since the last flush.</summary>
    private sealed record Change(ImmutableArray<Deadline> Added, ImmutableArray<Deadline> Woken);
}
