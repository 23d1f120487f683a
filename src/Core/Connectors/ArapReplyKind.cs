namespace DeferredOrleans.Core.Connectors;

/// <summary>What an access request service's answer means.</summary>
public enum ArapReplyKind
{
    /// <summary>A task (submitted, or its status).</summary>
    Task = 0,

    /// <summary>No usable answer now (timeout, 5xx, 429, a duplicate without a task): try again with backoff.</summary>
    Retry = 1,

    /// <summary>404 <c>unknown_task</c> or 410 <c>task_expired</c>: gone for good.</summary>
    Gone = 2,

    /// <summary>Refused for good (400 <c>not_requestable</c>, <c>invalid_denial_binding</c>, 401, 403, …).</summary>
    Rejected = 3,
}
