using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>
/// Delivers one message, at least once while the attempts last: stored before the first attempt, each attempt driven
/// by a reminder (so retries survive a restart), the next one scheduled by <see cref="DeliveryRetry"/>. SMTP and HTTP
/// happen only here, never in a deferral's, an inbox's or a person's notifications turn. Non-reentrant, so one attempt
/// runs at a time.
/// </summary>
public sealed partial class NotificationDeliveryGrain(
    [PersistentState("delivery", StorageNames.Deferrals)] IPersistentState<NotificationDeliveryState> state,
    IEnumerable<INotificationSender> senders,
    TimeProvider time,
    IOptions<NotificationOptions> options,
    DeferralMetrics metrics,
    ILogger<NotificationDeliveryGrain> logger) : Grain, INotificationDeliveryGrain, IRemindable
{
    private const string Reminder = "deliver";
    private static readonly TimeSpan MinimumDue = TimeSpan.FromMilliseconds(250);

    private readonly NotificationOptions _options = options.Value;

    public async Task<ImmutableArray<string>> StartAsync(OutboundNotification message)
    {
        if (state.State.Message is { } held)
        {
            return held.DeferralIds;
        }

        await WriteAsync(new NotificationDeliveryState { Message = message, NextAttemptAt = time.GetUtcNow() });
        await ScheduleAsync(MinimumDue);
        return message.DeferralIds;
    }

    public Task<DeliveryView?> GetAsync()
    {
        var current = state.State;
        return Task.FromResult(current.Message is null
            ? null
            : new DeliveryView(current.Message, current.Attempts, current.Delivered, current.GaveUp, current.NextAttemptAt, current.LastError));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var current = state.State;
        var now = time.GetUtcNow();
        if (current.Message is not { } message || (current.FinishedAt is { } finished && now >= finished + _options.Retention))
        {
            await ForgetAsync();
            return;
        }

        if (current.FinishedAt is not null)
        {
            return;
        }

        var channel = Name(message.Channel);
        var sender = senders.First(s => s.Channel == message.Channel);
        var result = await sender.SendAsync(message, CancellationToken.None);
        var attempts = current.Attempts + 1;
        LogAttempt(logger, message.UserId, channel, message.IdempotencyKey, attempts, result.Delivered, result.Detail);
        if (result.Delivered)
        {
            await WriteAsync(new NotificationDeliveryState { Message = message, Attempts = attempts, Delivered = true, FinishedAt = now });
            metrics.NotificationDelivered(channel, message.Kind);
            await AuditAsync(message, "notification.delivered", $"{message.Kind} by {channel} announcing {message.DeferralIds.Length} request(s), attempt {attempts}");
            await ScheduleAsync(_options.Retention);
            return;
        }

        var step = DeliveryRetry.AfterFailure(attempts, result.Failure, result.RetryAfter, _options, Random.Shared.NextDouble());
        metrics.NotificationFailed(channel, step is DeliveryStep.GiveUp);
        switch (step)
        {
            case DeliveryStep.Retry retry:
                await WriteAsync(new NotificationDeliveryState { Message = message, Attempts = attempts, NextAttemptAt = now + retry.Delay, LastError = result.Detail });
                await ScheduleAsync(retry.Delay);
                break;
            case DeliveryStep.GiveUp giveUp:
                await WriteAsync(new NotificationDeliveryState { Message = message, Attempts = attempts, GaveUp = true, FinishedAt = now, LastError = result.Detail });
                LogGaveUp(logger, message.UserId, channel, message.IdempotencyKey, giveUp.Why, result.Detail);
                await AuditAsync(message, "notification.gave_up", $"{message.Kind} by {channel} announcing {message.DeferralIds.Length} request(s): {giveUp.Why}; last: {result.Detail}");
                await ScheduleAsync(_options.Retention);
                break;
        }
    }

    private Task AuditAsync(OutboundNotification message, string kind, string detail) =>
        GrainFactory.RecordAsync(
            message.Kind == "decision"
                ? new AuditEvent(kind, time.GetUtcNow(), message.DeferralIds[0], Subject: message.UserId, Detail: detail)
                : new AuditEvent(kind, time.GetUtcNow(), message.DeferralIds.Length == 1 ? message.DeferralIds[0] : null, ApproverId: message.UserId, Detail: detail),
            logger);

    /// <summary>Sets the next tick; a due time shorter than registering the reminder takes would be missed.</summary>
    private Task ScheduleAsync(TimeSpan due) =>
        this.RegisterOrUpdateReminder(Reminder, due > MinimumDue ? due : MinimumDue, _options.ReminderPeriod);

    private async Task ForgetAsync()
    {
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (state.State.Message is not null)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    private Task WriteAsync(NotificationDeliveryState next) => state.WriteOrStepAsideAsync(next, this);

    private static string Name(NotificationChannel channel) => channel.ToString().ToLowerInvariant();
}
