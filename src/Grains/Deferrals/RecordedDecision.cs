namespace DeferredOrleans.Deferrals;

/// <summary>A decision as stored in a deferral's state.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.RecordedDecision")]
public sealed record RecordedDecision(
    [property: Id(0)] string ApproverId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Reason);
