using System.Collections.Immutable;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Deferrals;

/// <summary>
/// A thin shell around the pure rules (<see cref="PollRules"/>, <see cref="Quorum"/>, <see cref="Cancellation"/>,
/// <see cref="Interaction"/>): it calls them, persists what they decide, and returns typed outcomes.
/// Non-reentrant, so a token can be handed out only once.
/// </summary>
public sealed partial class DeferralGrain(
    [PersistentState("deferral", StorageNames.Deferrals)] IPersistentState<DeferralState> state,
    TimeProvider time,
    IOptions<DeferralOptions> options,
    IOptions<NotificationOptions> notificationOptions,
    DeferralMetrics metrics,
    ILogger<DeferralGrain> logger) : Grain, IDeferralGrain, IRemindable
{

    private readonly DeferralOptions _options = options.Value;
    private readonly bool _notify = notificationOptions.Value.Enabled;
    private PollMemory _pollMemory;

    private string Id => this.GetPrimaryKeyString();

    public async Task CreateAsync(DeferralStart start)
    {
        if (state.State.Exists)
        {
            // Deferral ids are digests of 256-bit random codes; a second create means a caller bug, not bad luck.
            throw new InvalidOperationException("This deferral already exists.");
        }

        var now = time.GetUtcNow();
        var created = Quorum.Settle(DeferralState.Create(start, now), now);

        // Inboxes and the wake-up first, then the deferral: a crash in between leaves only inbox entries and a wake-up
        // that point at nothing, which the inbox drops when it lists them and the wheel when it fires. The two go
        // together, so that they share the storage's group commits. Nothing is reported to the client before all are
        // durable.
        await Task.WhenAll(AddToInboxesAsync(created, Undecided(created, created.OpenApprovers(now)), now), ScheduleWakeAsync(created, now));
        await PersistAsync(created);

        metrics.Created(start.Plan.Rule);
        LogCreated(logger, Id, start.Request.ClientId, start.Plan.Rule, start.Plan.ExpiresAt);
        await AuditAsync([
            Audit(created, "deferral.created", detail: $"rule {start.Plan.Rule}; routed to {string.Join(", ", Undecided(created, created.OpenApprovers(now)))}; expires {start.Plan.ExpiresAt:O}"),
            .. created.Decisions.Where(d => d.StandingDecisionId is not null).Select(standing =>
                Audit(created, "standing_decision.used", standing.ApproverId, $"standing decision {standing.StandingDecisionId} approved in place of its approver"))]);

        // The deferred response counts as the client's previous request (CIBA Core §7.3): the first poll's interval
        // runs from when the answer leaves, not from when creation began (creation waits on durable writes), so it is
        // taken last. No poll can come in between: the grain takes one call at a time.
        _pollMemory = _pollMemory with { LastPollAt = time.GetUtcNow() };
    }

    public async Task<PollOutcome> PollAsync(PollRequest poll)
    {
        var current = state.State;
        var decision = PollRules.Evaluate(current, poll, time.GetUtcNow(), _pollMemory, _options);
        _pollMemory = decision.Memory;
        if (decision.Abandon)
        {
            var abandoned = current with { Status = DeferralStatus.Abandoned, ResolvedAt = time.GetUtcNow() };
            await PersistAsync(abandoned);
            LogAbandoned(logger, Id, poll.ClientId);
            Resolved(current, abandoned);
            LeaveInboxes(current);
            await AuditAsync(Audit(abandoned, "deferral.abandoned", detail: "the client kept polling too fast"));
        }

        metrics.Polled(decision.Verdict);
        if (decision.Verdict != PollVerdict.Issued)
        {
            return new PollOutcome(decision.Verdict, decision.Progress);
        }

        // Single use: the redemption is durable before the token leaves
        // (draft-ietf-oauth-deferred-token-response-01 §6.5.2).
        var issuance = new Issuance(current.Request!, current.GrantedScopes, current.GrantedAuthorizationDetails, Quorum.Evidence(current, Id));
        await PersistAsync(current with { Status = DeferralStatus.Redeemed });
        LogRedeemed(logger, Id, poll.ClientId);
        return new PollOutcome(
            PollVerdict.Issued,
            Issuance: issuance,
            Redemption: Audit(current, "deferral.redeemed", detail: $"approval {issuance.Approval.Id} ({issuance.Approval.Method}) collected by the client"));
    }

    public async Task<DecisionOutcome> DecideAsync(ApproverDecision decision)
    {
        var current = state.State;
        var now = time.GetUtcNow();
        var (outcome, next) = Quorum.Apply(current, decision, now);
        metrics.Decided(decision.Approve, outcome.Result);
        if (outcome.Result != DecisionResult.Recorded)
        {
            return outcome;
        }

        // A decision that opens the next stage puts it in the new approvers' inboxes before it is stored, so an
        // item is never lost (at worst it is orphaned, and dropped when listed).
        var opensStage = next.Status == DeferralStatus.Pending && next.StagesOpenedAt.Length > current.StagesOpenedAt.Length;
        if (opensStage)
        {
            await Task.WhenAll(AddToInboxesAsync(next, next.OpenApprovers(now).Except(current.OpenApprovers(now)), now), ScheduleWakeAsync(next, now));
        }

        await PersistAsync(next);
        LogDecided(logger, Id, decision.ApproverId, decision.Approve, next.Status);
        await AuditAsync(
            Audit(next, "decision.recorded", decision.ApproverId, DecisionDetail(current, decision)),
            opensStage ? Audit(next, "stage.opened", detail: $"stage {next.StagesOpenedAt.Length} routed to {string.Join(", ", next.OpenApprovers(now).Except(current.OpenApprovers(now)))}") : null,
            Resolution(next));
        await OnSettledAsync(current, next);
        TellInboxes(next);
        return outcome;
    }

    public async Task<CancelResult> CancelAsync(CancelRequest cancel)
    {
        var current = state.State;
        var (result, next) = Cancellation.Apply(current, cancel, time.GetUtcNow(), _options.Retention);
        if (result == CancelResult.Cancelled)
        {
            // draft-ietf-oauth-deferred-token-response-01 §8.2: cancellation suppresses any callback not yet started;
            // the client asked, so it knows.
            await PersistAsync(next);
            Resolved(current, next);
            await GrainFactory.GetGrain<INotificationGrain>(Id).CancelAsync();
            LogCancelled(logger, Id, cancel.ClientId);
            LeaveInboxes(next);
            await AuditAsync(Audit(next, "deferral.cancelled", detail: "revoked by the client"));
        }

        return result;
    }

    public async Task<InteractionResult> CompleteInteractionAsync(string tokenDigest, string userId)
    {
        var current = state.State;
        var (result, next) = Interaction.Complete(current, tokenDigest, userId, time.GetUtcNow());
        if (result == InteractionResult.Completed)
        {
            await PersistAsync(next);
            LogInteractionCompleted(logger, Id, next.Status);
            await AuditAsync(Audit(next, "interaction.completed", userId, "the subject confirmed in the interaction page"), Resolution(next));
            await OnSettledAsync(current, next);
            TellInboxes(next);
        }

        return result;
    }

    public Task<ApprovalView?> GetInteractionAsync(string tokenDigest)
    {
        var current = state.State;
        var open = current.AwaitingInteraction && Interaction.Opens(current, tokenDigest) && current.StatusAt(time.GetUtcNow()) == DeferralStatus.Pending;
        return Task.FromResult(open ? View(current, current.Request!.Subject) : null);
    }

    public Task<ApprovalView?> GetViewAsync(string approverId) =>
        Task.FromResult(state.State.IsRoutedTo(approverId, time.GetUtcNow()) ? View(state.State, approverId) : null);

    public Task<ApprovalNotice?> GetNoticeAsync(string approverId)
    {
        var current = state.State;
        var now = time.GetUtcNow();
        if (!current.Exists || current.StatusAt(now) != DeferralStatus.Pending || !current.IsRoutedTo(approverId, now) ||
            current.Decisions.Any(d => string.Equals(d.ApproverId, approverId, StringComparison.Ordinal)))
        {
            return Task.FromResult<ApprovalNotice?>(null);
        }

        var request = current.Request;
        var escalated = current.Plan.Requirements.Any(r =>
            current.IsEscalated(r, now) && (r.EscalationApprovers ?? []).Contains(approverId, StringComparer.Ordinal) && !r.Approvers.Contains(approverId, StringComparer.Ordinal));
        return Task.FromResult<ApprovalNotice?>(new ApprovalNotice(
            Id,
            request.ClientId,
            request.Subject,
            request.Actor,
            request.Scopes,
            request.Resources,
            DetailTypes.Of(request.AuthorizationDetails),
            current.Plan.Rule,
            current.CreatedAt,
            current.Plan.ExpiresAt,
            escalated));
    }

    public async Task WakeAsync()
    {
        var current = state.State;
        var now = time.GetUtcNow();
        if (!current.Exists || now >= current.PurgeAt(_options.Retention))
        {
            if (current.Exists)
            {
                await state.ClearStateAsync();
                LogPurged(logger, Id);
            }

            DeactivateOnIdle();
            return;
        }

        if (current.StatusAt(now) == DeferralStatus.Pending && current.EscalationDeadlines().Any(deadline => deadline <= now))
        {
            await EscalateAsync(current, now);
            current = state.State;
        }

        if (current.Exists && current.Status is DeferralStatus.Pending or DeferralStatus.Approved && current.StatusAt(now) == DeferralStatus.Expired)
        {
            var expired = current with { Status = DeferralStatus.Expired, ResolvedAt = current.Plan.ExpiresAt };
            await PersistAsync(expired);
            Resolved(current, expired);
            LogExpired(logger, Id);
            await AuditAsync(Audit(expired, "deferral.expired", detail: "nobody completed the approval in time"));
            LeaveInboxes(expired);
        }

        await ScheduleWakeAsync(state.State, now);
    }

    /// <summary>A reminder of an earlier version, which kept one per deferral: the timer wheel takes over from it.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await WakeAsync();
    }

    /// <summary>
    /// Once a decision or interaction resolves the request: clear the inboxes and notify the client. Its audit event
    /// (<see cref="Resolution"/>) goes with the operation's own, recorded before this.
    /// </summary>
    private async Task OnSettledAsync(DeferralState previous, DeferralState next)
    {
        if (next.Status == DeferralStatus.Pending)
        {
            return;
        }

        Resolved(previous, next);
        LeaveInboxes(next);
        if (next.Notification is { } notification)
        {
            // draft-ietf-oauth-deferred-token-response-01 §7: on resolution, never for an expired code; the
            // notification grain delivers outside this turn.
            await GrainFactory.GetGrain<INotificationGrain>(Id).ScheduleAsync(notification, next.Plan!.ExpiresAt);
        }

        if (_notify && next.NotifySubject && next.Status is DeferralStatus.Approved or DeferralStatus.Denied)
        {
            await TellSubjectAsync(next);
        }

        if (next.Request!.GrantType == Reauthorizations.GrantType)
        {
            await SettleReauthorizationAsync(next);
        }
    }

    /// <summary>
    /// A re-authorization decides the refresh family at once, whether or not its client polls: approval extends the
    /// grant in place until the approval's end, denial revokes the family. The client's later poll repeats the
    /// extension (it is idempotent), so a failure here is only logged.
    /// </summary>
    private async Task SettleReauthorizationAsync(DeferralState decided)
    {
        var family = GrainFactory.GetGrain<IRefreshTokenFamilyGrain>(decided.Request!.GrantData!);
        try
        {
            if (decided.Status == DeferralStatus.Approved)
            {
                await family.ReauthorizedAsync(Id, Quorum.Evidence(decided, Id).ApprovedUntil);
            }
            else if (decided.Status == DeferralStatus.Denied)
            {
                await family.ReauthorizationDeniedAsync(Id);
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogFamilyNotSettled(logger, e, Id);
        }
    }

    /// <summary>
    /// Tells the subject the decision, outside this turn's HTTP (the message is stored, then sent by its own grain).
    /// Advisory like a callback: the decision stands whatever happens here, so a failure is only logged.
    /// </summary>
    private async Task TellSubjectAsync(DeferralState decided)
    {
        var request = decided.Request!;
        try
        {
            await GrainFactory.GetGrain<IUserNotificationsGrain>(request.Subject).DecisionAsync(new DecisionNotice(
                Id, request.ClientId, request.Subject, request.Actor, decided.GrantedScopes, request.Resources, request.GrantType,
                decided.Status == DeferralStatus.Approved, decided.ResolvedAt ?? time.GetUtcNow()));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            LogSubjectNotTold(logger, e, Id);
        }
    }

    private ApprovalView View(DeferralState current, string viewer)
    {
        var request = current.Request!;
        var mine = current.Decisions.FirstOrDefault(d => string.Equals(d.ApproverId, viewer, StringComparison.Ordinal));
        return new ApprovalView(
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
            Quorum.Progress(current, time.GetUtcNow()),
            mine?.Approve,
            current.GrantedScopes,
            current.GrantedAuthorizationDetails,
            current.AwaitingInteraction,
            request.BindingMessage,
            request.Actor,
            RoutedBecause(current, viewer),
            request.RiskSignals,
            StepUp.Required(current, viewer, time.GetUtcNow()));
    }

    /// <summary>Each open requirement that names the viewer, and each escalated one whose next level includes them.</summary>
    private ImmutableArray<RoutingReason> RoutedBecause(DeferralState current, string viewer)
    {
        var now = time.GetUtcNow();
        return [.. current.Plan!.Requirements.Where(r => current.IsOpen(r.Stage)).SelectMany<ApprovalRequirement, RoutingReason>(r =>
            r.Approvers.Contains(viewer, StringComparer.Ordinal) ? [new RoutingReason(r.Name, r.Route, r.Stage, r.OnBehalfOf)]
            : current.IsEscalated(r, now) && (r.EscalationApprovers ?? []).Contains(viewer, StringComparer.Ordinal) ? [new RoutingReason(r.Name, r.Route, r.Stage, r.OnBehalfOf, Escalated: true)]
            : [])];
    }

    /// <summary>
    /// Tells the inboxes of a still pending request that it changed, one-way, so that their open pages update; a
    /// resolved request leaves the inboxes instead (<see cref="LeaveInboxes"/>).
    /// </summary>
    private void TellInboxes(DeferralState next)
    {
        if (next.Status != DeferralStatus.Pending)
        {
            return;
        }

        foreach (var approver in next.OpenApprovers(time.GetUtcNow()))
        {
            _ = GrainFactory.GetGrain<IApproverInboxGrain>(approver).ChangedAsync(Id);
        }
    }

    /// <summary>What the audit says about a decision: approve or deny, for whom (a delegate), and the reason.</summary>
    private static string DecisionDetail(DeferralState current, ApproverDecision decision)
    {
        var onBehalfOf = current.Plan!.Requirements
            .FirstOrDefault(r => r.OnBehalfOf is not null && r.Approvers.Contains(decision.ApproverId, StringComparer.Ordinal))?.OnBehalfOf;
        return (decision.Approve ? "approve" : "deny") +
            (onBehalfOf is null ? "" : $" as delegate on behalf of {onBehalfOf}") +
            (decision.Reason is { } reason ? $": {reason}" : "");
    }

    private Task PersistAsync(DeferralState next) => state.WriteOrStepAsideAsync(next, this);

    /// <summary>Counts a deferral that just left Pending (for the pending gauge and time to decision).</summary>
    private void Resolved(DeferralState previous, DeferralState next)
    {
        if (previous.Status == DeferralStatus.Pending && next.Status != DeferralStatus.Pending)
        {
            metrics.Resolved(next.Status, (next.ResolvedAt ?? time.GetUtcNow()) - next.CreatedAt);
        }
    }

    private AuditEvent Audit(DeferralState current, string kind, string? approver = null, string? detail = null) =>
        new(kind, time.GetUtcNow(), Id, current.Request?.ClientId, approver, current.Request?.Subject, detail);

    /// <summary>The audit event of a request that an operation just resolved, or none while it is pending.</summary>
    private AuditEvent? Resolution(DeferralState next) =>
        next.Status == DeferralStatus.Pending ? null : Audit(next, $"deferral.{next.Status.ToString().ToLowerInvariant()}", detail: $"resolved by rule {next.Plan!.Rule}");

    /// <summary>
    /// Records the audit events of one operation, in order, in one durable round of its shard; called once the state
    /// they describe is stored. Absent events (null) are skipped.
    /// </summary>
    private Task AuditAsync(params AuditEvent?[] events) => GrainFactory.RecordAsync([.. events.OfType<AuditEvent>()], logger);

    private void LeaveInboxes(DeferralState resolved)
    {
        string[] ids = [Id];
        foreach (var approver in resolved.AllApprovers())
        {
            _ = GrainFactory.GetGrain<IApproverInboxGrain>(approver).RemoveAsync(ids);
        }

        // One-way: a task may be the caller of this very turn (its outcome resolved the request), so never wait on it.
        // A lost message costs nothing: a task stops by itself at expiry, and a late outcome is refused as not pending.
        foreach (var connector in resolved.Connectors)
        {
            _ = GrainFactory.GetGrain<IApprovalTaskGrain>(GrainKeys.ApprovalTask(connector.ApproverId, Id)).CancelAsync();
        }
    }

    /// <summary>
    /// Escalation is derived from time (a requirement escalates once its stage has been open for its time), so it
    /// holds without a write; this wake-up only announces it: the next level's inboxes, and the record.
    /// </summary>
    private async Task EscalateAsync(DeferralState current, DateTimeOffset now)
    {
        var due = current.Plan!.Requirements
            .Select((requirement, index) => (Requirement: requirement, Index: index))
            .Where(r => current.IsEscalated(r.Requirement, now) && !current.EscalationsAnnounced.Contains(r.Index))
            .ToList();
        if (due.Count > 0)
        {
            var announced = current with { EscalationsAnnounced = current.EscalationsAnnounced.AddRange(due.Select(d => d.Index)) };
            var askedBefore = current.Plan.Requirements.Where(r => current.IsOpen(r.Stage)).SelectMany(r => r.Approvers)
                .Concat(current.EscalationsAnnounced.SelectMany(i => current.Plan.Requirements[i].EscalationApprovers ?? []));
            await AddToInboxesAsync(announced, due.SelectMany(d => d.Requirement.EscalationApprovers ?? []).Distinct(StringComparer.Ordinal), now, askedBefore);
            await PersistAsync(announced);
            foreach (var (requirement, _) in due)
            {
                LogEscalated(logger, Id, requirement.Name);
            }

            await AuditAsync([.. due.Select(d =>
                Audit(announced, "escalation", detail: $"step {d.Requirement.Name} escalated to {string.Join(", ", d.Requirement.EscalationApprovers ?? [])}"))]);

            TellInboxes(announced);
        }
    }

    /// <summary>
    /// Asks the timer wheel to wake this deferral when its next escalation, expiry or purge is due
    /// (<see cref="DeadlineWheel"/>); durable on return. A wake-up asked twice is harmless.
    /// </summary>
    private async Task ScheduleWakeAsync(DeferralState current, DateTimeOffset now)
    {
        if (DeadlineWheel.NextWake(current, now, _options.Retention) is { } at)
        {
            await GrainFactory.GetGrain<IDeadlineBucketGrain>(DeadlineWheel.BucketKey(Id, at)).AddAsync(Id, at);
        }
    }

    /// <summary>
    /// Puts the request in the approvers' inboxes, and starts a durable task for each of them that an external system
    /// decides for. Only the task is stored here; its HTTP happens in its own grain's turns, never in this one.
    /// </summary>
    private async Task AddToInboxesAsync(DeferralState current, IEnumerable<string> approvers, DateTimeOffset now, IEnumerable<string>? askedBefore = null)
    {
        var asked = approvers.ToList();
        var item = new InboxItem(Id, now, current.Plan!.ExpiresAt);
        await Task.WhenAll(asked.Select(a => GrainFactory.GetGrain<IApproverInboxGrain>(a).AddAsync(item)));

        // Each approver's notifications arm their reminder before the request is stored, so a crash from here on loses
        // no announcement; they send later, in their own turns.
        if (_notify)
        {
            var escalated = askedBefore is not null;
            await Task.WhenAll(asked.Select(a => GrainFactory.GetGrain<IUserNotificationsGrain>(a).NoticeAsync(item, escalated)));
        }

        // An approver asked before already has its task (which may be calling this grain right now).
        var fresh = asked.Except(askedBefore ?? [], StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        await Task.WhenAll(current.Connectors.Where(c => fresh.Contains(c.ApproverId)).Select(c =>
            GrainFactory.GetGrain<IApprovalTaskGrain>(GrainKeys.ApprovalTask(c.ApproverId, Id)).StartAsync(
                new ConnectorTask(Id, c, current.Request!, current.Plan.Rule, current.CreatedAt, current.Plan.ExpiresAt, now + current.Plan.ApprovalLifetime))));
    }

    /// <summary>Approvers not yet decided (a standing decision may have decided for them already).</summary>
    private static IEnumerable<string> Undecided(DeferralState current, IEnumerable<string> approvers) =>
        approvers.Where(a => !current.Decisions.Any(d => string.Equals(d.ApproverId, a, StringComparison.Ordinal)));
}
