namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>How an inbox changed.</summary>
public enum InboxChangeKind
{
    /// <summary>Requests were routed to the approver.</summary>
    Added = 0,

    /// <summary>A request's progress changed: someone decided, the subject confirmed, it escalated.</summary>
    Updated = 1,

    /// <summary>Requests left: decided, cancelled or expired.</summary>
    Removed = 2,
}
