using Orleans.Concurrency;

namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>
/// One approval task at an external system, for one approver of one deferral (key <c>{approverId}/{deferralId}</c>,
/// see <see cref="GrainKeys.ApprovalTask"/>). It keeps its own state and does all HTTP in its own turns, driven by a
/// reminder, so a slow system never blocks the deferral; the outcome becomes the approver's decision.
/// </summary>
[Alias("DeferredOrleans.IApprovalTaskGrain")]
public interface IApprovalTaskGrain : IGrainWithStringKey
{
    /// <summary>Stores the task and schedules its delivery; durable on return; idempotent.</summary>
    [Alias("Start")]
    Task StartAsync(ConnectorTask task);

    /// <summary>The request ended (decided, cancelled, expired): stop, and tell the system if it still holds an open task.</summary>
    [Alias("Cancel"), OneWay]
    Task CancelAsync();

    /// <summary>A webhook system's authenticated outcome; recorded as the approver's decision before this returns.</summary>
    [Alias("ReceiveOutcome")]
    Task<CallbackAnswer> ReceiveOutcomeAsync(ConnectorOutcome outcome);

    /// <summary>An ARAP system's authenticated callback, which is advisory: the task re-reads its status endpoint.</summary>
    [Alias("Refresh")]
    Task<CallbackAnswer> RefreshAsync();

    /// <summary>The task as it stands, or null when there is none.</summary>
    [Alias("Get")]
    Task<ApprovalTaskView?> GetAsync();
}
