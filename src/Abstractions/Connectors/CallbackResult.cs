namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>What an external system's callback did.</summary>
public enum CallbackResult
{
    /// <summary>The outcome was recorded as the approver's decision (durably).</summary>
    Recorded = 0,

    /// <summary>The status does not decide anything (still pending, or unknown: never an approval); nothing changed.</summary>
    Ignored = 1,

    /// <summary>The task is already finished or the request no longer pending; nothing changed.</summary>
    NotPending = 2,

    /// <summary>No such task for this approver.</summary>
    UnknownTask = 3,

    /// <summary>The outcome asked for more than was requested (narrowing only); nothing changed.</summary>
    Invalid = 4,
}
