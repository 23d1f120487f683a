namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>
/// One slot of the deferrals' durable timer wheel (key <see cref="GrainKeys.DeadlineBucket"/>): the deferrals due to
/// wake within one minute, of one shard. It holds one reminder for all of them, so creating a deferral registers
/// nothing in the reminder table; when the reminder fires it wakes each due deferral (<see cref="IDeferralGrain.WakeAsync"/>)
/// and forgets it once woken.
/// </summary>
[Alias("DeferredOrleans.IDeadlineBucketGrain")]
public interface IDeadlineBucketGrain : IGrainWithStringKey
{
    /// <summary>Wakes <paramref name="deferralId"/> at <paramref name="dueAt"/> or soon after; durable on return.</summary>
    [Alias("Add")]
    Task AddAsync(string deferralId, DateTimeOffset dueAt);
}
