using System.Collections.Immutable;

namespace DeferredOrleans.Grains.Deferrals;

/// <summary>The wake-ups one bucket of the timer wheel owes: each deferral at each time it asked for.</summary>
[GenerateSerializer, Alias("DeferredOrleans.DeadlineBucketState")]
public sealed class DeadlineBucketState
{
    [Id(0)] public ImmutableHashSet<Deadline> Due { get; set; } = [];

    /// <summary>When the bucket's reminder is due to fire next, or null when it has none.</summary>
    [Id(1)] public DateTimeOffset? ReminderAt { get; set; }
}

/// <summary>A deferral to wake at a time.</summary>
[GenerateSerializer, Alias("DeferredOrleans.Deadline")]
public readonly record struct Deadline([property: Id(0)] string DeferralId, [property: Id(1)] DateTimeOffset DueAt);
