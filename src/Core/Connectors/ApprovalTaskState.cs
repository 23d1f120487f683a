using DeferredOrleans.Abstractions.Connectors;

namespace DeferredOrleans.Core.Connectors;

/// <summary>
/// One approval task at an external system, as stored before anything about it is acknowledged. Immutable:
/// <see cref="ApprovalTaskTransitions"/> returns a new value.
/// </summary>
// Stored as a class before: a record's serializer would first expect a layer for primary-constructor parameters, and
// read every field of a task stored then as part of that layer, i.e. skip them all. Without it, the layouts agree.
[GenerateSerializer(IncludePrimaryConstructorParameters = false), Immutable, Alias("DeferredOrleans.ApprovalTaskState")]
public sealed record ApprovalTaskState
{
    [Id(0)] public ConnectorTask? Task { get; init; }
    [Id(1)] public ApprovalTaskPhase Phase { get; init; }

    /// <summary>Delivery attempts (webhook POSTs, ARAP submissions, or cancellations) of the current phase.</summary>
    [Id(2)] public int Attempts { get; init; }

    [Id(3)] public DateTimeOffset? NextAttemptAt { get; init; }
    [Id(4)] public string? RemoteTaskId { get; init; }
    [Id(5)] public string? StatusEndpoint { get; init; }
    [Id(6)] public string? CancelUrl { get; init; }
    [Id(7)] public DateTimeOffset? RemoteExpiresAt { get; init; }
    [Id(8)] public string? LastStatus { get; init; }

    /// <summary>ARAP status polls that found the task still open (drives the polling backoff).</summary>
    [Id(9)] public int Polls { get; init; }

    /// <summary>
    /// The ending as a word (<c>decided</c>, <c>gave_up</c>, …), as versions before <see cref="Ending"/> stored it.
    /// Only read, by <see cref="Upgraded"/>; it keeps its own id so that stored tasks stay readable.
    /// </summary>
    [Id(10)] public string? LegacyEnding { get; init; }

    /// <summary>Why the task finished or is being cancelled.</summary>
    [Id(11)] public ApprovalTaskEnding Ending { get; init; }

    /// <summary>A task that may still deliver, poll or decide: neither finished nor telling the system it ended.</summary>
    public bool IsOpen => Task is not null && Phase is not (ApprovalTaskPhase.Finished or ApprovalTaskPhase.Cancelling);

    /// <summary>The state as stored by any version, with its ending as <see cref="Ending"/>.</summary>
    public ApprovalTaskState Upgraded() => LegacyEnding is null
        ? this
        : this with { Ending = Ending == ApprovalTaskEnding.None ? ApprovalTaskEndings.FromWord(LegacyEnding) : Ending, LegacyEnding = null };

    public ApprovalTaskView? View() => Task is null
        ? null
        : new ApprovalTaskView(Phase, Attempts, NextAttemptAt, RemoteTaskId, LastStatus, ApprovalTaskEndings.Word(Ending));
}
