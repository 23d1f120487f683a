namespace DeferredOrleans.Core.Connectors;

/// <summary>What an external system's status means for the approver's decision.</summary>
/// <param name="Kind">Approve, deny, keep waiting, or an unknown status (which never approves).</param>
/// <param name="Why">Plain words for the audit log.</param>
/// <param name="Reference">The workflow's reference for the token's evidence (ticket id, ARAP approval id).</param>
/// <param name="ApprovedUntil">The approval's own expiry (ARAP <c>approved_until</c>), if any.</param>
public sealed record ConnectorVerdict(VerdictKind Kind, string Why, string? Reference = null, DateTimeOffset? ApprovedUntil = null)
{
    public static ConnectorVerdict Pending(string why) => new(VerdictKind.Pending, why);

    public static ConnectorVerdict Deny(string why, string? reference = null) => new(VerdictKind.Denied, why, reference);

    public static ConnectorVerdict Unknown(string why) => new(VerdictKind.Unknown, why);
}
