using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Core.Connectors;

namespace DeferredOrleans.Grains.Connectors;

/// <summary>
/// The HTTP of one kind of external approval system, as the approval task grain needs it for every kind: each
/// answer comes back as an <see cref="ApprovalTaskEvent"/> for <see cref="ApprovalTaskTransitions"/>.
/// </summary>
public interface IConnectorProtocol
{
    ConnectorKind Kind { get; }

    /// <summary>Sends the task; answers <see cref="ApprovalTaskEvent.DeliveryAnswered"/> or <see cref="ApprovalTaskEvent.SubmissionAnswered"/>.</summary>
    Task<ApprovalTaskEvent> DeliverAsync(ConnectorTask task, ConnectorSecrets secrets, DateTimeOffset now);

    /// <summary>Tells the system the task no longer matters; answers <see cref="ApprovalTaskEvent.EndNoticeSent"/>.</summary>
    Task<ApprovalTaskEvent> TellEndedAsync(ApprovalTaskState state, ConnectorSecrets secrets, DateTimeOffset now);
}
