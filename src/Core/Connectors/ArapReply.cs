namespace DeferredOrleans.Core.Connectors;

/// <summary>An access request service's answer.</summary>
/// <param name="Kind">What it means.</param>
/// <param name="Task">The task, for <see cref="ArapReplyKind.Task"/>.</param>
/// <param name="RetryAfter">How long the service asked us to wait, if it did.</param>
/// <param name="Detail">For the audit log.</param>
public sealed record ArapReply(ArapReplyKind Kind, ArapTaskDocument? Task, TimeSpan? RetryAfter, string Detail);
