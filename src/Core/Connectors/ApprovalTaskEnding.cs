namespace DeferredOrleans.Core.Connectors;

/// <summary>How an approval task ended, or why it is telling the system that it ends.</summary>
public enum ApprovalTaskEnding
{
    /// <summary>Still running.</summary>
    None = 0,

    /// <summary>The system's outcome was recorded as the approver's decision.</summary>
    Decided = 1,

    /// <summary>The system decided, but the deferral refused the decision (no longer pending, already decided, …).</summary>
    NotPending = 2,

    /// <summary>The request ended (decided by others, revoked) before the system decided.</summary>
    Cancelled = 3,

    /// <summary>The request expired before the system decided.</summary>
    Expired = 4,

    /// <summary>No delivery attempts left, or the connector's secrets cannot be read; the approver can still decide by hand.</summary>
    GaveUp = 5,
}
