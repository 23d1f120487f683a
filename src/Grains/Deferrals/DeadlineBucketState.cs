using System.Collections.Immutable;
using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.Grains.Deferrals;

/// <summary>
/// A timer-wheel bucket's own row: the list of its segments (<see cref="DeadlineSegment"/>), each a row of its own that
/// holds the wake-ups the bucket owes.
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.DeadlineBucketState")]
public sealed class DeadlineBucketState
{
    /// <summary>Wake-ups stored here by versions before segments; moved into segments when the bucket activates.</summary>
    [Id(0)] public ImmutableHashSet<Deadline> Due { get; set; } = [];

    [Id(2)] public List<int> Segments { get; set; } = [];

    [Id(3)] public int NextSegment { get; set; }
}

/// <summary>One segment of a bucket's wake-ups (at most <see cref="DeadlineIndex.SegmentCapacity"/>), a row of its own.</summary>
[GenerateSerializer, Alias("DeferredOrleans.DeadlineSegment")]
public sealed class DeadlineSegment : IStoredSegment<Deadline>
{
    [Id(0)] public List<Deadline> Items { get; set; } = [];
}
