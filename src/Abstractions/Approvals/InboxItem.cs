namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>A reference to a routed request in an approver's inbox.</summary>
/// <param name="DeferralId">The deferral (approval) id.</param>
/// <param name="CreatedAt">When it was routed.</param>
/// <param name="ExpiresAt">When it expires; expired items leave the inbox.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.InboxItem")]
public sealed record InboxItem(
    [property: Id(0)] string DeferralId,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt);
