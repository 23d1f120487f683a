namespace DeferredOrleans.Core.Connectors;

/// <summary>
/// External statuses as decisions, as pure functions (ARAP task lifecycle, AROP re-evaluation). Only an
/// explicit approval approves: an unknown status, or an approval that cannot be enforced, never does.
/// </summary>
public static class StatusMapping
{
    /// <summary>
    /// An ARAP task. <c>approved</c> counts only with <c>result.mode</c> <c>reevaluate</c> (or no mode, as in AROP's
    /// token issuance profile, where the token is the result) and a future <c>approval.approved_until</c>.
    /// <c>expired</c> ends the request now with <c>access_denied</c> rather than letting the client wait for nothing.
    /// </summary>
    public static ConnectorVerdict Arap(ArapTaskDocument task, DateTimeOffset now) => task.Status switch
    {
        "pending" => ConnectorVerdict.Pending("the task is pending"),
        "approved" => Approved(task, now),
        "denied" or "cancelled" or "failed" => ConnectorVerdict.Deny($"the task was {task.Status}", task.ApprovalId),
        "expired" => ConnectorVerdict.Deny("the task expired at the access request service"),
        // ARAP: partial is for bulk requests; AROP defers the request as a unit and never issues a part.
        "partial" => ConnectorVerdict.Deny("the task was approved only in part"),
        _ => ConnectorVerdict.Unknown($"unknown task status '{Printable(task.Status)}'"),
    };

    /// <summary>A webhook system's callback status.</summary>
    public static ConnectorVerdict Webhook(string status, string? reference) => status switch
    {
        "approved" => new ConnectorVerdict(VerdictKind.Approved, "the workflow approved", reference),
        "denied" or "rejected" or "cancelled" or "failed" or "expired" => ConnectorVerdict.Deny($"the workflow reported {status}", reference),
        "pending" => ConnectorVerdict.Pending("the workflow is still pending"),
        _ => ConnectorVerdict.Unknown($"unknown workflow status '{Printable(status)}'"),
    };

    private static ConnectorVerdict Approved(ArapTaskDocument task, DateTimeOffset now)
    {
        if (task.ResultMode is not (null or "reevaluate"))
        {
            return ConnectorVerdict.Deny($"approved with unknown result.mode '{Printable(task.ResultMode)}', which is not an approval this server can enforce");
        }

        if (task.ApprovedUntil is not { } until)
        {
            return ConnectorVerdict.Deny("approved without a valid approval.approved_until");
        }

        return until <= now
            ? ConnectorVerdict.Deny("approved, but approval.approved_until has already passed")
            : new ConnectorVerdict(VerdictKind.Approved, "the task was approved", task.ApprovalId ?? task.Id, until);
    }

    /// <summary>Status words from outside go into the audit log: keep them short and printable.</summary>
    private static string Printable(string? value) =>
        value is null ? "" : new string([.. value.Take(40).Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '?')]);
}
