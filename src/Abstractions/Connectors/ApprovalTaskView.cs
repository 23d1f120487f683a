namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>An approval task as operators (and tests) see it; never a secret.</summary>
/// <param name="Phase">Where it stands.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="NextAttemptAt">When the next attempt (or poll) is due, if any.</param>
/// <param name="RemoteTaskId">The ARAP task id, once submitted.</param>
/// <param name="LastStatus">The last status the system reported.</param>
/// <param name="Ending">Why it finished or is cancelling, e.g. <c>decided</c>, <c>cancelled</c>, <c>gave_up</c>.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApprovalTaskView")]
public sealed record ApprovalTaskView(
    [property: Id(0)] ApprovalTaskPhase Phase,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DateTimeOffset? NextAttemptAt,
    [property: Id(3)] string? RemoteTaskId,
    [property: Id(4)] string? LastStatus,
    [property: Id(5)] string? Ending);
