using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Crypto;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>
/// Delivers one callback, at least once while it matters: the payload is stored sealed, a reminder drives each
/// attempt (so retries survive a restart), and delivery stops once it succeeded, the code expired, or the attempts
/// ran out. A callback is advisory; the client's polls stay authoritative.
/// </summary>
public sealed partial class NotificationGrain(
    [PersistentState("notification", StorageNames.Deferrals)] IPersistentState<NotificationState> state,
    CallbackSender sender,
    TimeProvider time,
    IOptions<CallbackOptions> options,
    DeferralMetrics metrics,
    ILogger<NotificationGrain> logger) : Grain, INotificationGrain, IRemindable
{
    private const string DeliverReminder = "deliver";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly CallbackOptions _options = options.Value;

    public async Task ScheduleAsync(ClientNotification notification, DateTimeOffset expiresAt)
    {
        if (state.State.Pending is not null)
        {
            return;
        }

        state.State.Pending = notification;
        state.State.ExpiresAt = expiresAt;
        state.State.Attempts = 0;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(DeliverReminder, _options.FirstAttemptDelay, ReminderPeriod);
    }

    public async Task CancelAsync()
    {
        if (state.State.Pending is not null)
        {
            await StopAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var pending = state.State.Pending;
        if (pending is null || time.GetUtcNow() >= state.State.ExpiresAt || state.State.Attempts >= _options.MaxAttempts)
        {
            await StopAsync();
            return;
        }

        state.State.Attempts++;
        await state.WriteStateAsync();
        var payload = await UnsealAsync(pending);
        var delivered = payload is not null && await sender.SendAsync(pending.Endpoint, payload, CancellationToken.None);
        LogAttempt(logger, this.GetPrimaryKeyString(), state.State.Attempts, delivered);
        metrics.Callbacks.Add(1, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed"));
        await GrainFactory.RecordAsync(
            new AuditEvent(delivered ? "callback.delivered" : "callback.failed", time.GetUtcNow(), this.GetPrimaryKeyString(), Detail: $"attempt {state.State.Attempts} to the client's notification endpoint"),
            logger);
        if (delivered || payload is null || state.State.Attempts >= _options.MaxAttempts)
        {
            await StopAsync();
            return;
        }

        // Exponential backoff from the first delay; the reminder's period is only the floor that survives a restart.
        var backoff = _options.FirstAttemptDelay * Math.Pow(4, state.State.Attempts);
        await this.RegisterOrUpdateReminder(DeliverReminder, backoff, ReminderPeriod);
    }

    private async Task<NotificationPayload?> UnsealAsync(ClientNotification notification)
    {
        var ring = await GrainFactory.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
        var plaintext = Sealer.Unseal(ring.SealingKey, notification.SealedPayload);
        return plaintext is null ? null : JsonSerializer.Deserialize<NotificationPayload>(plaintext);
    }

    private async Task StopAsync()
    {
        if (await this.GetReminder(DeliverReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback for deferral {DeferralId}, attempt {Attempt}: delivered={Delivered}")]
    private static partial void LogAttempt(ILogger logger, string deferralId, int attempt, bool delivered);
}
