using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>
/// One deferred token request, keyed by the digest of its deferral code (the live code never reaches storage).
/// </summary>
[Alias("DeferredOrleans.IDeferralGrain")]
public interface IDeferralGrain : IGrainWithStringKey
{
    /// <summary>Starts the deferral: puts it in every routed approver's inbox, then stores it; both are durable on return.</summary>
    [Alias("Create")]
    Task CreateAsync(DeferralStart start);

    /// <summary>
    /// Called by the timer wheel (<see cref="IDeadlineBucketGrain"/>) at a time this deferral asked to be woken: it
    /// announces a due escalation, records expiry, or purges a long-resolved request, then asks for its next wake-up.
    /// Idempotent: an early, late or repeated call does only what is due.
    /// </summary>
    [Alias("Wake")]
    Task WakeAsync();

    /// <summary>Answers a client's poll. Writes storage only when the poll redeems an approval.</summary>
    [Alias("Poll")]
    Task<PollOutcome> PollAsync(PollRequest poll);

    /// <summary>Records one approver's decision; the decision is durable before this returns.</summary>
    [Alias("Decide")]
    Task<DecisionOutcome> DecideAsync(ApproverDecision decision);

    /// <summary>Cancels the deferral for its client (durable on return); never revokes a token already issued.</summary>
    [Alias("Cancel")]
    Task<CancelResult> CancelAsync(CancelRequest cancel);

    /// <summary>Records the subject's confirmation through the single-use interaction token (given as its digest).</summary>
    [Alias("CompleteInteraction")]
    Task<InteractionResult> CompleteInteractionAsync(string tokenDigest, string userId);

    /// <summary>The request as the subject sees it in the interaction page, or null if the token does not open it.</summary>
    [Alias("GetInteraction")]
    Task<ApprovalView?> GetInteractionAsync(string tokenDigest);

    /// <summary>What the given approver may see of this request, or null when it is not routed to them or no longer exists.</summary>
    [Alias("GetView")]
    Task<ApprovalView?> GetViewAsync(string approverId);

    /// <summary>
    /// What a notification may tell the given approver about this request, or null unless it is pending, routed to them
    /// and not yet decided by them.
    /// </summary>
    [Alias("GetNotice")]
    Task<ApprovalNotice?> GetNoticeAsync(string approverId);
}
