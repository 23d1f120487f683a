namespace DeferredOrleans.Core.Notifications;

/// <summary>A request in a person's inbox that a channel has not announced yet, as the batching rule sees it.</summary>
/// <param name="Id">The approval id.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="Escalated">Whether it escalated to this person.</param>
public sealed record PendingItem(string Id, DateTimeOffset ExpiresAt, bool Escalated = false);
