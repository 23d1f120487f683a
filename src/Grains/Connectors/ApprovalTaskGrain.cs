using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Connectors;

/// <summary>
/// One approval task at an external system. Its state is stored before anything is acknowledged; a reminder drives
/// every attempt, so retries and polling survive a restart; all HTTP happens here with a timeout, never in the
/// deferral's turn. The system's outcome becomes the approver's decision on the deferral (method <c>workflow</c>).
/// </summary>
public sealed partial class ApprovalTaskGrain(
    [PersistentState("approvaltask", StorageNames.Deferrals)] IPersistentState<ApprovalTaskState> state,
    WebhookConnector webhooks,
    ArapConnector arap,
    TimeProvider time,
    IOptions<ConnectorOptions> options,
    ILogger<ApprovalTaskGrain> logger) : Grain, IApprovalTaskGrain, IRemindable
{
    private const string Reminder = "connector";
    private const int MaxCancelAttempts = 3;
    private static readonly TimeSpan MinimumDue = TimeSpan.FromMilliseconds(250);

    private readonly ConnectorOptions _options = options.Value;
    private ConnectorSecrets? _secrets;

    private ApprovalTaskState Current => state.State;

    public async Task StartAsync(ConnectorTask task)
    {
        if (Current.Task is not null)
        {
            return;
        }

        state.State = new ApprovalTaskState { Task = task, Phase = ApprovalTaskPhase.Delivering, NextAttemptAt = time.GetUtcNow() + _options.FirstAttemptDelay };
        await WriteAsync();
        await ScheduleAsync(_options.FirstAttemptDelay);
    }

    public async Task CancelAsync()
    {
        if (Current.Task is not { } task || Current.Phase is ApprovalTaskPhase.Finished or ApprovalTaskPhase.Cancelling)
        {
            return;
        }

        await AuditAsync("connector.cancelled", "the request ended before the workflow decided");
        var tellRemote = Current.Phase == ApprovalTaskPhase.Waiting && (task.Binding.Kind == ConnectorKind.Webhook || Current.CancelUrl is not null);
        await EndAsync("cancelled", tellRemote);
    }

    public async Task<CallbackAnswer> ReceiveOutcomeAsync(ConnectorOutcome outcome)
    {
        if (Current.Task is not { Binding.Kind: ConnectorKind.Webhook } task)
        {
            return new CallbackAnswer(CallbackResult.UnknownTask);
        }

        if (Current.Phase is ApprovalTaskPhase.Finished or ApprovalTaskPhase.Cancelling)
        {
            return new CallbackAnswer(CallbackResult.NotPending);
        }

        var verdict = StatusMapping.Webhook(outcome.Status, outcome.Reference);
        if (verdict.Kind is VerdictKind.Pending or VerdictKind.Unknown)
        {
            await RecordStatusAsync(outcome.Status, verdict);
            return new CallbackAnswer(CallbackResult.Ignored);
        }

        var decision = new ApproverDecision(
            task.Binding.ApproverId,
            verdict.Kind == VerdictKind.Approved,
            Reason(verdict, outcome.Reason),
            verdict.Kind == VerdictKind.Approved ? outcome.Scopes : null,
            verdict.Kind == VerdictKind.Approved ? outcome.AuthorizationDetails : null,
            verdict.Reference);
        return await DecideAsync(decision, verdict);
    }

    public async Task<CallbackAnswer> RefreshAsync()
    {
        if (Current.Task is not { Binding.Kind: ConnectorKind.Arap })
        {
            return new CallbackAnswer(CallbackResult.UnknownTask);
        }

        switch (Current.Phase)
        {
            case ApprovalTaskPhase.Delivering:
                await DeliverAsync();
                break;
            case ApprovalTaskPhase.Waiting:
                await PollAsync();
                break;
            default:
                return new CallbackAnswer(CallbackResult.NotPending);
        }

        return new CallbackAnswer(Current.Phase == ApprovalTaskPhase.Finished && Current.Ending == "decided" ? CallbackResult.Recorded : CallbackResult.Ignored);
    }

    public Task<ApprovalTaskView?> GetAsync() => Task.FromResult(Current.Task is null
        ? null
        : new ApprovalTaskView(Current.Phase, Current.Attempts, Current.NextAttemptAt, Current.RemoteTaskId, Current.LastStatus, Current.Ending));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Current.Task is not { } task)
        {
            await ForgetAsync();
            return;
        }

        var now = time.GetUtcNow();
        if (Current.Phase == ApprovalTaskPhase.Finished)
        {
            if (now >= task.ExpiresAt)
            {
                await ForgetAsync();
            }
            else
            {
                await ScheduleAsync(task.ExpiresAt - now);
            }

            return;
        }

        // AROP: the access request is cancelled when its handle expires; a webhook task simply ends.
        if (now >= task.ExpiresAt && Current.Phase != ApprovalTaskPhase.Cancelling)
        {
            await AuditAsync("connector.cancelled", "the request expired before the workflow decided");
            await EndAsync("expired", tellRemote: Current.Phase == ApprovalTaskPhase.Waiting && (task.Binding.Kind == ConnectorKind.Webhook || Current.CancelUrl is not null));
            return;
        }

        switch (Current.Phase)
        {
            case ApprovalTaskPhase.Delivering:
                await DeliverAsync();
                break;
            case ApprovalTaskPhase.Waiting when task.Binding.Kind == ConnectorKind.Arap:
                await PollAsync();
                break;
            case ApprovalTaskPhase.Waiting:
                // A webhook task waits for its callback; the reminder only ends it at expiry.
                await ScheduleAsync(task.ExpiresAt - now);
                break;
            case ApprovalTaskPhase.Cancelling:
                await TellEndedAsync();
                break;
        }
    }

    /// <summary>One delivery attempt: counted durably first, so a crash mid-send still counts it.</summary>
    private async Task DeliverAsync()
    {
        var task = Current.Task!;
        Current.Attempts++;
        Current.NextAttemptAt = null;
        await WriteAsync();
        if (await SecretsAsync() is not { } secrets)
        {
            await GiveUpAsync("the connector's sealed secrets cannot be read");
            return;
        }

        var now = time.GetUtcNow();
        if (task.Binding.Kind == ConnectorKind.Webhook)
        {
            var response = await webhooks.DeliverAsync(task, secrets, now);
            LogAttempt(logger, task.Binding.ApproverId, task.DeferralId, Current.Attempts, response.Status == 0 ? "no answer" : $"HTTP {response.Status}");
            if (response.IsSuccess)
            {
                Current.Phase = ApprovalTaskPhase.Waiting;
                Current.Attempts = 0;
                await WriteAsync();
                await AuditAsync("connector.sent", $"approval task delivered to the webhook (HTTP {response.Status})");
                await ScheduleAsync(task.ExpiresAt - now);
                return;
            }

            await RetryAsync(response.Status == 0 ? "no answer" : $"HTTP {response.Status}", RetryAfter.Parse(response.RetryAfter, now));
            return;
        }

        var reply = await arap.SubmitAsync(task, secrets, now);
        LogAttempt(logger, task.Binding.ApproverId, task.DeferralId, Current.Attempts, reply.Detail);
        switch (reply.Kind)
        {
            case ArapReplyKind.Task:
                await AcceptTaskAsync(reply.Task!, reply.Detail);
                break;
            case ArapReplyKind.Retry:
                await RetryAsync(reply.Detail, reply.RetryAfter);
                break;
            default:
                await ConcludeAsync(ConnectorVerdict.Deny($"the access request was refused ({reply.Detail})"));
                break;
        }
    }

    /// <summary>The access request service took the request: remember how to follow and cancel it, then act on its status.</summary>
    private async Task AcceptTaskAsync(ArapTaskDocument document, string detail)
    {
        var task = Current.Task!;
        var endpoint = document.StatusEndpoint is { } named && ConnectorRequest.SameOrigin(named, task.Binding.Url) ? named : null;
        if (endpoint is null && StatusMapping.Arap(document, time.GetUtcNow()).Kind is VerdictKind.Pending or VerdictKind.Unknown)
        {
            // ARAP "Trusting URLs": credentials go only to the configured service; a task we cannot follow never approves.
            await ConcludeAsync(ConnectorVerdict.Deny("the task's status endpoint is missing or not on the access request service's origin"));
            return;
        }

        Current.Phase = ApprovalTaskPhase.Waiting;
        Current.Attempts = 0;
        Current.RemoteTaskId = document.Id;
        Current.StatusEndpoint = endpoint;
        Current.CancelUrl = document.CancelUrl is { } cancel && ConnectorRequest.SameOrigin(cancel, task.Binding.Url) ? cancel : null;
        Current.RemoteExpiresAt = document.ExpiresAt;
        await WriteAsync();
        await AuditAsync("connector.sent", $"access request submitted ({detail}), task {Printable(document.Id)} is {Printable(document.Status)}");
        await ApplyAsync(document, retryAfter: null);
    }

    private async Task PollAsync()
    {
        var task = Current.Task!;
        if (await SecretsAsync() is not { } secrets)
        {
            await GiveUpAsync("the connector's sealed secrets cannot be read");
            return;
        }

        var now = time.GetUtcNow();
        if (Current.RemoteExpiresAt is { } remoteExpiry && now >= remoteExpiry)
        {
            await ConcludeAsync(ConnectorVerdict.Deny("the task expired at the access request service"));
            return;
        }

        if (Current.StatusEndpoint is not { } endpoint)
        {
            await ConcludeAsync(ConnectorVerdict.Deny("the task has no status endpoint to follow"));
            return;
        }

        var reply = await arap.ReadAsync(task, endpoint, secrets, now);
        switch (reply.Kind)
        {
            case ArapReplyKind.Task:
                await ApplyAsync(reply.Task!, reply.RetryAfter);
                break;
            case ArapReplyKind.Retry:
                await AuditAsync("connector.retry", $"status read failed ({reply.Detail}); polling again later");
                await PollLaterAsync(reply.RetryAfter);
                break;
            default:
                await ConcludeAsync(ConnectorVerdict.Deny($"the task is gone ({reply.Detail})"));
                break;
        }
    }

    /// <summary>Acts on an ARAP task status: a decision, or another poll later.</summary>
    private async Task ApplyAsync(ArapTaskDocument document, TimeSpan? retryAfter)
    {
        var verdict = StatusMapping.Arap(document, time.GetUtcNow());
        if (verdict.Kind is VerdictKind.Pending or VerdictKind.Unknown)
        {
            await RecordStatusAsync(document.Status, verdict);
            await PollLaterAsync(retryAfter);
            return;
        }

        if (verdict.Kind == VerdictKind.Approved)
        {
            if (await SecretsAsync() is not { } secrets)
            {
                await GiveUpAsync("the connector's sealed secrets cannot be read");
                return;
            }

            // AROP: the approval counts only if the PDP, asked again with it, now allows the request.
            switch (await arap.ReevaluateAsync(Current.Task!, secrets, document, time.GetUtcNow()))
            {
                case null:
                    await AuditAsync("connector.retry", "approved, but the re-evaluation got no answer; trying again later");
                    await PollLaterAsync(retryAfter);
                    return;
                case false:
                    verdict = ConnectorVerdict.Deny("approved, but the re-evaluation with the approval denied", verdict.Reference);
                    break;
            }
        }

        await ConcludeAsync(verdict);
    }

    /// <summary>Turns a final verdict into the approver's decision.</summary>
    private Task ConcludeAsync(ConnectorVerdict verdict) => DecideAsync(
        new ApproverDecision(Current.Task!.Binding.ApproverId, verdict.Kind == VerdictKind.Approved, Reason(verdict, null), WorkflowRef: verdict.Reference, ApprovedUntil: verdict.ApprovedUntil),
        verdict);

    private async Task<CallbackAnswer> DecideAsync(ApproverDecision decision, ConnectorVerdict verdict)
    {
        var task = Current.Task!;
        DecisionOutcome outcome;
        try
        {
            outcome = await GrainFactory.GetGrain<IDeferralGrain>(task.DeferralId).DecideAsync(decision);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Not recorded: an ARAP task reads its status again later; a webhook's sender gets an error and retries.
            LogDecisionFailed(logger, e, task.Binding.ApproverId, task.DeferralId);
            if (task.Binding.Kind == ConnectorKind.Webhook)
            {
                throw;
            }

            if (Current.StatusEndpoint is null)
            {
                await RetryAsync("the outcome could not be recorded", null);
            }
            else
            {
                await PollLaterAsync(null);
            }

            return new CallbackAnswer(CallbackResult.Ignored);
        }

        await AuditAsync("connector.outcome", $"{verdict.Why}: {(decision.Approve ? "approve" : "deny")} {(outcome.Result == DecisionResult.Recorded ? "recorded" : $"not recorded ({outcome.Result})")}");
        if (outcome.Result == DecisionResult.Broadened)
        {
            return new CallbackAnswer(CallbackResult.Invalid, outcome.Status);
        }

        var recorded = outcome.Result == DecisionResult.Recorded;
        await EndAsync(recorded ? "decided" : "not_pending", tellRemote: false);
        return new CallbackAnswer(recorded ? CallbackResult.Recorded : CallbackResult.NotPending, outcome.Status);
    }

    /// <summary>A failed delivery: try again after the backoff, or give up after the last attempt.</summary>
    private async Task RetryAsync(string why, TimeSpan? retryAfter)
    {
        if (Current.Attempts >= _options.MaxAttempts)
        {
            await GiveUpAsync($"attempt {Current.Attempts} failed ({why}); no attempts left");
            return;
        }

        var delay = ConnectorBackoff.Delay(Current.Attempts, _options.InitialBackoff, _options.MaxBackoff, Random.Shared.NextDouble());
        delay = retryAfter is { } asked && asked > delay ? asked : delay;
        Current.NextAttemptAt = time.GetUtcNow() + delay;
        await WriteAsync();
        await AuditAsync("connector.retry", $"attempt {Current.Attempts} failed ({why}); next in {delay.TotalSeconds:0.#} s");
        await ScheduleAsync(delay);
    }

    /// <summary>
    /// Schedules the next status poll. Only the reminder is written: the poll count and time live in memory, since
    /// after a restart polling may as well start again from the initial delay (one write per poll, not two).
    /// </summary>
    private async Task PollLaterAsync(TimeSpan? retryAfter)
    {
        Current.Polls++;
        var delay = ConnectorBackoff.NextPoll(Current.Polls, _options.PollInitialDelay, _options.PollMaxDelay, retryAfter, Random.Shared.NextDouble());
        Current.NextAttemptAt = time.GetUtcNow() + delay;
        await ScheduleAsync(delay);
    }

    /// <summary>Records a status that decides nothing; an unknown one is audited once, since it never approves.</summary>
    private async Task RecordStatusAsync(string? status, ConnectorVerdict verdict)
    {
        if (string.Equals(Current.LastStatus, status, StringComparison.Ordinal))
        {
            return;
        }

        Current.LastStatus = status;
        await WriteAsync();
        if (verdict.Kind == VerdictKind.Unknown)
        {
            LogUnknownStatus(logger, Current.Task!.Binding.ApproverId, Current.Task.DeferralId);
            await AuditAsync("connector.unknown_status", $"{verdict.Why}: not approved, still waiting");
        }
    }

    private async Task GiveUpAsync(string why)
    {
        await AuditAsync("connector.gave_up", why);
        await EndAsync("gave_up", tellRemote: false);
    }

    /// <summary>Finishes the task, or first tells the system it no longer matters.</summary>
    private async Task EndAsync(string ending, bool tellRemote)
    {
        Current.Ending = ending;
        Current.Attempts = 0;
        Current.NextAttemptAt = null;
        Current.Phase = tellRemote ? ApprovalTaskPhase.Cancelling : ApprovalTaskPhase.Finished;
        await WriteAsync();
        var task = Current.Task!;
        await ScheduleAsync(tellRemote ? TimeSpan.Zero : task.ExpiresAt - time.GetUtcNow());
    }

    /// <summary>ARAP: <c>POST links.cancel</c> (a few tries); webhook: one best-effort notice.</summary>
    private async Task TellEndedAsync()
    {
        var task = Current.Task!;
        Current.Attempts++;
        await WriteAsync();
        var done = true;
        if (await SecretsAsync() is { } secrets)
        {
            var now = time.GetUtcNow();
            if (task.Binding.Kind == ConnectorKind.Arap && Current.CancelUrl is { } cancel)
            {
                done = await arap.CancelAsync(task, cancel, secrets, now) || Current.Attempts >= MaxCancelAttempts;
            }
            else
            {
                await webhooks.NotifyEndedAsync(task, secrets, Current.Ending ?? "cancelled", now);
            }
        }

        if (!done)
        {
            await ScheduleAsync(ConnectorBackoff.Delay(Current.Attempts, _options.InitialBackoff, _options.MaxBackoff));
            return;
        }

        await AuditAsync("connector.cancel_sent", task.Binding.Kind == ConnectorKind.Arap ? "the access request was cancelled at the service" : "the webhook was told the task ended");
        Current.Phase = ApprovalTaskPhase.Finished;
        await WriteAsync();
        await ScheduleAsync(task.ExpiresAt - time.GetUtcNow());
    }

    private async Task<ConnectorSecrets?> SecretsAsync()
    {
        if (_secrets is null)
        {
            var ring = await GrainFactory.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
            var plaintext = Sealer.Unseal(ring.SealingKey, Current.Task!.Binding.SealedSecrets);
            _secrets = plaintext is null ? null : JsonSerializer.Deserialize<ConnectorSecrets>(plaintext);
        }

        return _secrets;
    }

    /// <summary>
    /// Sets the next tick. A due time shorter than registering the reminder takes would be missed and wait a whole
    /// period, so it never goes below a floor.
    /// </summary>
    private async Task ScheduleAsync(TimeSpan due) =>
        await this.RegisterOrUpdateReminder(Reminder, due > MinimumDue ? due : MinimumDue, _options.ReminderPeriod);

    private async Task ForgetAsync()
    {
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (Current.Task is not null)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            // Memory may now differ from storage: start again from storage on the next call.
            DeactivateOnIdle();
            throw;
        }
    }

    private Task AuditAsync(string kind, string detail)
    {
        var task = Current.Task!;
        return GrainFactory.RecordAsync(new AuditEvent(kind, time.GetUtcNow(), task.DeferralId, task.Request.ClientId, task.Binding.ApproverId, task.Request.Subject, detail), logger);
    }

    private static string Reason(ConnectorVerdict verdict, string? reason) =>
        verdict.Reference is { } reference ? $"workflow {Printable(reference)}: {reason ?? verdict.Why}" : reason ?? verdict.Why;

    private static string Printable(string? value) =>
        value is null ? "" : new string([.. value.Take(100).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
