using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>
/// One approver's standing decisions: "approve this client doing this, for the next N hours". A later request that
/// a standing decision covers counts as approved by that approver without asking them. Keyed by approver id.
/// </summary>
[Alias("DeferredOrleans.IStandingDecisionsGrain")]
public interface IStandingDecisionsGrain : IGrainWithStringKey
{
    /// <summary>Adds a standing decision; durable on return.</summary>
    [Alias("Create")]
    Task CreateAsync(StandingDecision decision);

    /// <summary>The approver's standing decisions that are still in force.</summary>
    [Alias("List")]
    Task<ImmutableArray<StandingDecision>> ListAsync();

    /// <summary>Revokes one (durable and audited on return); true if it was in force.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string id);

    /// <summary>The standing decision in force that covers the query, if any.</summary>
    [Alias("Match")]
    Task<StandingDecision?> MatchAsync(StandingQuery query);
}
