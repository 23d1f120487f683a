namespace DeferredOrleans.Core.Connectors;

/// <summary>
/// Endings as words: the task view shows them, a webhook's end notice carries them as <c>reason</c>, and tasks stored
/// before <see cref="ApprovalTaskEnding"/> existed hold them.
/// </summary>
public static class ApprovalTaskEndings
{
    public static string? Word(ApprovalTaskEnding ending) => ending switch
    {
        ApprovalTaskEnding.Decided => "decided",
        ApprovalTaskEnding.NotPending => "not_pending",
        ApprovalTaskEnding.Cancelled => "cancelled",
        ApprovalTaskEnding.Expired => "expired",
        ApprovalTaskEnding.GaveUp => "gave_up",
        _ => null,
    };

    public static ApprovalTaskEnding FromWord(string? word) => word switch
    {
        "decided" => ApprovalTaskEnding.Decided,
        "not_pending" => ApprovalTaskEnding.NotPending,
        "cancelled" => ApprovalTaskEnding.Cancelled,
        "expired" => ApprovalTaskEnding.Expired,
        "gave_up" => ApprovalTaskEnding.GaveUp,
        _ => ApprovalTaskEnding.None,
    };
}
