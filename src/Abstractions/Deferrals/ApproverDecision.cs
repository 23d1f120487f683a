namespace DeferredOrleans.Deferrals;

/// <summary>One approver's decision on one deferred request.</summary>
/// <param name="ApproverId">The authenticated approver.</param>
/// <param name="Approve">True to approve, false to deny.</param>
/// <param name="Reason">Optional free text kept for audit; never shown to the client.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApproverDecision")]
public sealed record ApproverDecision(
    [property: Id(0)] string ApproverId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] string? Reason = null);
