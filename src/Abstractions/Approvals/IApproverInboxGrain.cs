using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Audit;
using Orleans.Concurrency;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>
/// One approver's inbox: every request routed to them, across all clients and resources, and the approver's decisions
/// on them, one or many at once.
/// </summary>
[Alias("DeferredOrleans.IApproverInboxGrain")]
public interface IApproverInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds a routed request; idempotent, durable on return.</summary>
    [Alias("Add")]
    Task AddAsync(InboxItem item);

    /// <summary>Drops requests that are no longer pending. One-way, so a deciding deferral never waits on an inbox.</summary>
    [Alias("Remove"), OneWay]
    Task RemoveAsync(string[] deferralIds);

    /// <summary>A page of the inbox, oldest first, starting after the given cursor.</summary>
    [Alias("List")]
    Task<InboxPage> ListAsync(string? after, int limit);

    /// <summary>
    /// Records this approver's decision on one request, and the standing decision that may come with it; both are
    /// durable on return.
    /// </summary>
    [Alias("Decide")]
    Task<InboxDecisionResult> DecideAsync(InboxDecision decision);

    /// <summary>
    /// The batch-approval call: many decisions of this approver at once, each applied to its request (a few at a time),
    /// with one result per decision, in order. Each result is durable on return. A call may run long (thousands of
    /// decisions on remote storage take minutes), so it waits up to 10 minutes rather than the client's default
    /// response timeout.
    /// </summary>
    [Alias("DecideMany"), ResponseTimeout("00:10:00")]
    Task<ImmutableArray<InboxDecisionResult>> DecideManyAsync(ImmutableArray<InboxDecision> decisions);

    /// <summary>
    /// A request in this inbox changed without leaving it (a decision, the subject's confirmation, an escalation);
    /// its deferral says so, one-way, so that subscribed pages update.
    /// </summary>
    [Alias("Changed"), OneWay]
    Task ChangedAsync(string deferralId);

    /// <summary>
    /// Tells the observer about every change of this inbox from now on. A subscription lapses after a few minutes
    /// (and when the grain moves), so subscribers renew it every minute.
    /// </summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IInboxObserver observer);

    /// <summary>Ends a subscription.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IInboxObserver observer);

    /// <summary>
    /// The audit log's entries about one request, newest first; null when the request is not routed to this approver
    /// (or does not exist), so that nobody learns what others were asked.
    /// </summary>
    [Alias("History")]
    Task<ImmutableArray<AuditEntry>?> HistoryAsync(string deferralId);

    /// <summary>This approver's own decisions and standing decisions from the audit log, newest first.</summary>
    [Alias("Decisions")]
    Task<ImmutableArray<AuditEntry>> DecisionsAsync(int limit);
}
