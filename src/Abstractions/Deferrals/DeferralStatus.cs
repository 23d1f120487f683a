namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>
/// Where a deferred request stands; each status has its poll answer in
/// draft-ietf-oauth-deferred-token-response-01 §6.5.1 and §6.6.
/// </summary>
public enum DeferralStatus
{
    /// <summary>Waiting for approvers.</summary>
    Pending = 0,

    /// <summary>Approved and not yet collected by the client.</summary>
    Approved = 1,

    /// <summary>Denied by an approver or because the quorum can no longer be reached.</summary>
    Denied = 2,

    /// <summary>The deferral code's lifetime ended before a token was collected.</summary>
    Expired = 3,

    /// <summary>Cancelled by the client.</summary>
    Cancelled = 4,

    /// <summary>The token was handed out; the code is spent.</summary>
    Redeemed = 5,

    /// <summary>
    /// The client kept polling too fast; the code is dead (draft-ietf-oauth-deferred-token-response-01 §6.6, §11.3).
    /// </summary>
    Abandoned = 6,
}
