using Orleans.Concurrency;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>One approver's inbox: every request routed to them, across all clients and resources.</summary>
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
}
