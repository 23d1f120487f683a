namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>
/// Told when an approver's inbox changes, so that open pages update without a reload. A gateway subscribes one per
/// connected approver through <see cref="IApproverInboxGrain.SubscribeAsync"/> and renews it before it expires.
/// </summary>
[Alias("DeferredOrleans.IInboxObserver")]
public interface IInboxObserver : IGrainObserver
{
    /// <summary>Requests entered, changed (a decision, a confirmation, an escalation) or left the inbox.</summary>
    [Alias("Changed"), Orleans.Concurrency.OneWay]
    Task OnChangedAsync(InboxChange change);
}
