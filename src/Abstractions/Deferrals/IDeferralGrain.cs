namespace DeferredOrleans.Deferrals;

/// <summary>
/// One deferred token request, keyed by the digest of its deferral code (the live code never reaches storage).
/// </summary>
[Alias("DeferredOrleans.IDeferralGrain")]
public interface IDeferralGrain : IGrainWithStringKey
{
    /// <summary>Starts the deferral: puts it in every routed approver's inbox, then stores it; both are durable on return.</summary>
    [Alias("Create")]
    Task CreateAsync(DeferredTokenRequest request, ApprovalPlan plan);

    /// <summary>Answers a client's poll. Writes storage only when the poll redeems an approval.</summary>
    [Alias("Poll")]
    Task<PollOutcome> PollAsync(PollRequest poll);

    /// <summary>Records one approver's decision; the decision is durable before this returns.</summary>
    [Alias("Decide")]
    Task<DecisionOutcome> DecideAsync(ApproverDecision decision);

    /// <summary>What the given approver may see of this request, or null when it is not routed to them or no longer exists.</summary>
    [Alias("GetView")]
    Task<ApprovalView?> GetViewAsync(string approverId);
}
