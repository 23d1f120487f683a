using System.Collections.Immutable;

namespace DeferredOrleans.Core.Notifications;

/// <summary>One channel of one person, as stored: its window, its message count, and what it announced.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ChannelState")]
public sealed record ChannelState
{
    /// <summary>When the open window ends, or null when the channel is quiet.</summary>
    [Id(0)] public DateTimeOffset? WindowEndsAt { get; init; }

    /// <summary>Messages created on this channel; the next one is number <c>Sequence + 1</c>, which names its delivery.</summary>
    [Id(1)] public long Sequence { get; init; }

    /// <summary>Requests in the inbox that were announced (or found not to concern the person); pruned to the inbox.</summary>
    [Id(2)] public ImmutableArray<string> Announced { get; init; } = [];

    /// <summary>Requests routed before this moment are not announced: the channel was chosen after they arrived.</summary>
    [Id(3)] public DateTimeOffset Since { get; init; } = DateTimeOffset.MinValue;

    /// <summary>When the last message was composed.</summary>
    [Id(4)] public DateTimeOffset? LastMessageAt { get; init; }
}
