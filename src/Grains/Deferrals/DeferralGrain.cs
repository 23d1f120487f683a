using DeferredOrleans.Approvals;
using DeferredOrleans.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Deferrals;

/// <summary>
/// A thin shell around <see cref="PollRules"/> and <see cref="Quorum"/>: it calls them, persists what they decide,
/// and returns typed outcomes. Non-reentrant, so a token can be handed out only once.
/// </summary>
public sealed partial class DeferralGrain(
    [PersistentState("deferral", StorageNames.Deferrals)] IPersistentState<DeferralState> state,
    TimeProvider time,
    IOptions<DeferralOptions> options,
    DeferralMetrics metrics,
    ILogger<DeferralGrain> logger) : Grain, IDeferralGrain, IRemindable
{
    private const string ExpiryReminder = "expiry";
    private static readonly TimeSpan MinimumReminderDelay = TimeSpan.FromSeconds(1);

    private readonly DeferralOptions _options = options.Value;
    private PollMemory _pollMemory;

    private string Id => this.GetPrimaryKeyString();

    public async Task CreateAsync(DeferredTokenRequest request, ApprovalPlan plan)
    {
        if (state.State.Exists)
        {
            // Deferral ids are digests of 256-bit random codes; a second create means a caller bug, not bad luck.
            throw new InvalidOperationException("This deferral already exists.");
        }

        var now = time.GetUtcNow();
        var created = DeferralState.Create(request, plan, now);

        // Inboxes first, then the deferral: a crash in between leaves only inbox entries that point at nothing,
        // which the inbox drops when it lists them. Nothing is reported to the client before both are durable.
        var item = new InboxItem(Id, now, plan.ExpiresAt);
        await Task.WhenAll(created.RoutedApprovers().Select(a => GrainFactory.GetGrain<IApproverInboxGrain>(a).AddAsync(item)));
        await this.RegisterOrUpdateReminder(ExpiryReminder, Delay(plan.ExpiresAt - now), ReminderPeriod());
        await PersistAsync(created);
        metrics.Created(plan.Rule);
        LogCreated(logger, Id, request.ClientId, plan.Rule, plan.ExpiresAt);
    }

    public async Task<PollOutcome> PollAsync(PollRequest poll)
    {
        var current = state.State;
        var decision = PollRules.Evaluate(current, poll.ClientId, time.GetUtcNow(), _pollMemory, _options);
        _pollMemory = decision.Memory;
        if (decision.Verdict != PollVerdict.Issued)
        {
            metrics.Polled(decision.Verdict);
            return new PollOutcome(decision.Verdict, decision.Progress);
        }

        // Single use: the redemption is durable before the token leaves (dtr-reference.md part (b), rule 5).
        var issuance = new Issuance(current.Request!, current.Request!.Scopes, current.Request.AuthorizationDetails, Quorum.Evidence(current, Id));
        await PersistAsync(current with { Status = DeferralStatus.Redeemed });
        metrics.Polled(PollVerdict.Issued);
        LogRedeemed(logger, Id, poll.ClientId);
        return new PollOutcome(PollVerdict.Issued, Issuance: issuance);
    }

    public async Task<DecisionOutcome> DecideAsync(ApproverDecision decision)
    {
        var now = time.GetUtcNow();
        var (outcome, next) = Quorum.Apply(state.State, decision, now);
        if (outcome.Result != DecisionResult.Recorded)
        {
            metrics.Decided(decision.Approve, outcome.Result);
            return outcome;
        }

        await PersistAsync(next);
        metrics.Decided(decision.Approve, outcome.Result);
        LogDecided(logger, Id, decision.ApproverId, decision.Approve, next.Status);
        if (next.Status != DeferralStatus.Pending)
        {
            metrics.Resolved(next.Status, now - next.CreatedAt);
            LeaveInboxes(next);
        }

        return outcome;
    }

    public Task<ApprovalView?> GetViewAsync(string approverId)
    {
        var current = state.State;
        if (!current.IsRoutedTo(approverId))
        {
            return Task.FromResult<ApprovalView?>(null);
        }

        var request = current.Request!;
        var mine = current.Decisions.FirstOrDefault(d => string.Equals(d.ApproverId, approverId, StringComparison.Ordinal));
        return Task.FromResult<ApprovalView?>(new ApprovalView(
            Id,
            request.ClientId,
            request.GrantType,
            request.Subject,
            request.Scopes,
            request.Resources,
            request.AuthorizationDetails,
            current.Plan!.Rule,
            current.CreatedAt,
            current.Plan.ExpiresAt,
            current.StatusAt(time.GetUtcNow()),
            Quorum.Progress(current),
            mine?.Approve));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var current = state.State;
        var now = time.GetUtcNow();
        if (!current.Exists || now >= current.PurgeAt(_options.Retention))
        {
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            if (current.Exists)
            {
                await state.ClearStateAsync();
                LogPurged(logger, Id);
            }

            DeactivateOnIdle();
            return;
        }

        if (current.Status is DeferralStatus.Pending or DeferralStatus.Approved && current.StatusAt(now) == DeferralStatus.Expired)
        {
            var expired = current with { Status = DeferralStatus.Expired, ResolvedAt = current.Plan.ExpiresAt };
            await PersistAsync(expired);
            if (current.Status == DeferralStatus.Pending)
            {
                metrics.Resolved(DeferralStatus.Expired, current.Plan.ExpiresAt - current.CreatedAt);
            }

            LogExpired(logger, Id);
            LeaveInboxes(expired);
        }
    }

    private async Task PersistAsync(DeferralState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            // The caller was not told; keep memory equal to storage. A version conflict means another activation
            // owns this deferral, so this one steps aside.
            state.State = previous;
            DeactivateOnIdle();
            throw;
        }
    }

    private void LeaveInboxes(DeferralState resolved)
    {
        string[] ids = [Id];
        foreach (var approver in resolved.RoutedApprovers())
        {
            _ = GrainFactory.GetGrain<IApproverInboxGrain>(approver).RemoveAsync(ids);
        }
    }

    private TimeSpan ReminderPeriod() => _options.Retention > TimeSpan.FromMinutes(1) ? _options.Retention : TimeSpan.FromMinutes(1);

    private static TimeSpan Delay(TimeSpan delay) => delay > MinimumReminderDelay ? delay : MinimumReminderDelay;
}
