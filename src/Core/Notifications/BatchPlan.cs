using System.Collections.Immutable;

namespace DeferredOrleans.Core.Notifications;

/// <summary>What the batching rule decided for one channel.</summary>
/// <param name="Send">The messages to send now (at most two: the urgent ones, or the batch that opens or ends a window).</param>
/// <param name="WindowEndsAt">The window from now on: when it ends, or null when the channel is quiet.</param>
/// <param name="WakeAt">When the channel must be looked at again, or null when nothing is waiting for time to pass.</param>
public sealed record BatchPlan(ImmutableArray<NotificationBatch> Send, DateTimeOffset? WindowEndsAt, DateTimeOffset? WakeAt);
