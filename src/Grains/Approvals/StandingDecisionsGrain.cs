using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Core.Deferrals;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Approvals;

/// <summary>One approver's standing decisions; expired ones are dropped as they are met.</summary>
public sealed class StandingDecisionsGrain(
    [PersistentState("standing", StorageNames.Inboxes)] IPersistentState<StandingDecisionsState> state,
    TimeProvider time,
    ILogger<StandingDecisionsGrain> logger) : Grain, IStandingDecisionsGrain
{
    public async Task CreateAsync(StandingDecision decision)
    {
        Prune();
        state.State.Decisions.Add(decision);
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<StandingDecision>> ListAsync() =>
        Task.FromResult(state.State.Decisions.Where(InForce).ToImmutableArray());

    public async Task<bool> RevokeAsync(string id)
    {
        var removed = state.State.Decisions.RemoveAll(d => d.Id == id) > 0;
        if (removed)
        {
            await state.WriteStateAsync();
            var approver = this.GetPrimaryKeyString();
            await GrainFactory.RecordAsync(new AuditEvent("standing_decision.revoked", time.GetUtcNow(), ApproverId: approver, Detail: $"standing decision {id}"), logger);
        }

        return removed;
    }

    public Task<StandingDecision?> MatchAsync(StandingQuery query) =>
        Task.FromResult(state.State.Decisions.FirstOrDefault(d => InForce(d) && StandingCoverage.Covers(d, query)));

    private bool InForce(StandingDecision decision) => time.GetUtcNow() < decision.ExpiresAt;

    private void Prune() => state.State.Decisions.RemoveAll(d => !InForce(d));
}
