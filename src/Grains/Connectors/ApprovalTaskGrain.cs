using System.Runtime.ExceptionServices;
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
using static DeferredOrleans.Core.Connectors.ApprovalTaskEffect;
using static DeferredOrleans.Core.Connectors.ApprovalTaskEvent;

namespace DeferredOrleans.Grains.Connectors;

/// <summary>
/// One approval task at an external system, as a thin shell around <see cref="ApprovalTaskTransitions"/>: every call
/// and reminder becomes an event, and the grain performs the effects of each step in order (store, schedule, audit,
/// HTTP through the connector's <see cref="IConnectorProtocol"/>, the decision on the deferral), feeding their answers
/// back as events. A reminder drives every attempt, so retries and polling survive a restart; all HTTP happens here
/// with a timeout, never in the deferral's turn. Non-reentrant, so an answer always finds the state that asked.
/// </summary>
public sealed partial class ApprovalTaskGrain(
    [PersistentState("approvaltask", StorageNames.Deferrals)] IPersistentState<ApprovalTaskState> state,
    IEnumerable<IConnectorProtocol> protocols,
    ArapConnector arap,
    TimeProvider time,
    IOptions<ConnectorOptions> options,
    ILogger<ApprovalTaskGrain> logger) : Grain, IApprovalTaskGrain, IRemindable
{
    private const string Reminder = "connector";
    private static readonly TimeSpan MinimumDue = TimeSpan.FromMilliseconds(250);

    private readonly ConnectorOptions _options = options.Value;
    private ConnectorSecrets? _secrets;

    private ApprovalTaskState Current => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State = Current.Upgraded();
        return base.OnActivateAsync(cancellationToken);
    }

    public Task StartAsync(ConnectorTask task) => RunAsync(new Started(task));

    public Task CancelAsync() => RunAsync(new CancellationRequested());

    public async Task<CallbackAnswer> ReceiveOutcomeAsync(ConnectorOutcome outcome) => await RunAsync(new OutcomeReported(outcome)) ?? Ignored;

    public async Task<CallbackAnswer> RefreshAsync() => await RunAsync(new CallbackReceived()) ?? Ignored;

    public Task<ApprovalTaskView?> GetAsync() => Task.FromResult(Current.View());

    public Task ReceiveReminder(string reminderName, TickStatus status) => RunAsync(new ReminderTick());

    private static CallbackAnswer Ignored => new(CallbackResult.Ignored);

    /// <summary>Applies the event, performs the effects, and goes on with their answers; returns the call's answer, if any.</summary>
    private async Task<CallbackAnswer?> RunAsync(ApprovalTaskEvent happened)
    {
        CallbackAnswer? answer = null;
        for (ApprovalTaskEvent? next = happened; next is not null;)
        {
            var step = ApprovalTaskTransitions.Apply(Current, next, time.GetUtcNow(), Random.Shared.NextDouble(), _options);
            next = null;
            foreach (var effect in step.Effects)
            {
                if (effect is Reply reply)
                {
                    answer = reply.Answer;
                }
                else
                {
                    next = await PerformAsync(effect) ?? next;
                }
            }

            state.State = step.Next;
        }

        return answer;
    }

    private async Task<ApprovalTaskEvent?> PerformAsync(ApprovalTaskEffect effect)
    {
        switch (effect)
        {
            case Persist persist:
                await WriteAsync(persist.State);
                return null;
            case Schedule schedule:
                await ScheduleAsync(schedule.Delay);
                return null;
            case ApprovalTaskEffect.Audit audit:
                await AuditAsync(audit);
                return null;
            case Forget:
                await ForgetAsync();
                return null;
            case Rethrow rethrow:
                ExceptionDispatchInfo.Throw(rethrow.Error);
                return null;
            case Decide decide:
                return await DecideAsync(decide);
            default:
                return await SecretsAsync() is { } secrets ? await ContactAsync(effect, secrets) : new SecretsUnreadable();
        }
    }

    /// <summary>HTTP to the system: through the protocol of the task's kind, or, for what only ARAP has, through ARAP's.</summary>
    private async Task<ApprovalTaskEvent> ContactAsync(ApprovalTaskEffect effect, ConnectorSecrets secrets)
    {
        var task = Current.Task!;
        var protocol = protocols.First(p => p.Kind == task.Binding.Kind);
        var now = time.GetUtcNow();
        switch (effect)
        {
            case Deliver:
                var answer = await protocol.DeliverAsync(task, secrets, now);
                LogAttempt(logger, task.Binding.ApproverId, task.DeferralId, Current.Attempts, answer switch
                {
                    DeliveryAnswered delivered => delivered.Detail,
                    SubmissionAnswered submitted => submitted.Reply.Detail,
                    _ => answer.GetType().Name,
                });
                return answer;
            case ReadStatus read:
                return await arap.ReadStatusAsync(task, read.Endpoint, secrets, now);
            case Reevaluate reevaluate:
                return await arap.ReevaluateAsync(task, reevaluate, secrets);
            case TellEnded:
                return await protocol.TellEndedAsync(Current, secrets, now);
            default:
                throw new ArgumentOutOfRangeException(nameof(effect), effect, "Not an effect that speaks to the system.");
        }
    }

    private async Task<ApprovalTaskEvent> DecideAsync(Decide decide)
    {
        var task = Current.Task!;
        try
        {
            return new DecisionAnswered(decide, await GrainFactory.GetGrain<IDeferralGrain>(task.DeferralId).DecideAsync(decide.Decision));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogDecisionFailed(logger, e, task.Binding.ApproverId, task.DeferralId);
            return new DecisionFailed(decide, e);
        }
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

    private async Task WriteAsync(ApprovalTaskState next)
    {
        state.State = next;
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

    private Task AuditAsync(ApprovalTaskEffect.Audit audit)
    {
        var task = Current.Task!;
        if (audit.Kind == ConnectorAuditKinds.UnknownStatus)
        {
            LogUnknownStatus(logger, task.Binding.ApproverId, task.DeferralId);
        }

        return GrainFactory.RecordAsync(new AuditEvent(audit.Kind, time.GetUtcNow(), task.DeferralId, task.Request.ClientId, task.Binding.ApproverId, task.Request.Subject, audit.Detail), logger);
    }
}
