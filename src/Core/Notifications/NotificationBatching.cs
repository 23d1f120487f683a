using System.Collections.Immutable;

namespace DeferredOrleans.Core.Notifications;

/// <summary>
/// When to send what, per person and channel, against consent fatigue ("one batch notification, bulk approve/deny"):
/// the first requests after a quiet period are announced at once and open a window; requests arriving within the
/// window wait for one digest at its end, which opens the next window; a window that ends with nothing waiting closes,
/// and the channel is quiet again. Requests that would expire too soon after the window's end, or that escalated to
/// the person, bypass the window.
/// </summary>
public static class NotificationBatching
{
    /// <param name="windowEndsAt">The channel's window: when it ends, or null when quiet.</param>
    /// <param name="fresh">The requests not yet announced on this channel, oldest first.</param>
    /// <param name="now">The time now.</param>
    /// <param name="window">The person's window; zero announces everything at once.</param>
    /// <param name="minimumTimeToDecide">How long a request must still live after the digest to be worth holding.</param>
    public static BatchPlan Plan(DateTimeOffset? windowEndsAt, IReadOnlyList<PendingItem> fresh, DateTimeOffset now, TimeSpan window, TimeSpan minimumTimeToDecide)
    {
        if (windowEndsAt is { } end && now < end)
        {
            var urgent = fresh.Where(i => i.Escalated || i.ExpiresAt - end < minimumTimeToDecide).Select(i => i.Id).ToImmutableArray();
            return new BatchPlan(urgent.IsEmpty ? [] : [new NotificationBatch(BatchKind.Urgent, urgent)], end, end);
        }

        if (fresh.Count == 0)
        {
            return new BatchPlan([], null, null);
        }

        // A window that ended with requests waiting ends in their digest; a quiet channel announces at once.
        var kind = windowEndsAt is null ? BatchKind.Immediate : BatchKind.Digest;
        var batch = new NotificationBatch(kind, [.. fresh.Select(i => i.Id)]);
        if (window <= TimeSpan.Zero)
        {
            return new BatchPlan([batch], null, null);
        }

        var next = now + window;
        return new BatchPlan([batch], next, next);
    }
}
