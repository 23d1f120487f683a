namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>Where an approval task stands.</summary>
public enum ApprovalTaskPhase
{
    /// <summary>No task.</summary>
    None = 0,

    /// <summary>Sending the task (webhook POST or ARAP submission), with retries.</summary>
    Delivering = 1,

    /// <summary>Sent; waiting for the outcome (webhook callback, ARAP polling or callback).</summary>
    Waiting = 2,

    /// <summary>The request ended first; telling the system (ARAP <c>links.cancel</c>, webhook notice).</summary>
    Cancelling = 3,

    /// <summary>Done: decided, cancelled, or given up.</summary>
    Finished = 4,
}
