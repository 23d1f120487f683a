using System.Collections.Immutable;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>
/// One person's notifications: a thin shell around <see cref="NotificationBatching"/>. The inbox is the durable record
/// of what waits, so routing a request costs no write here: <see cref="NoticeAsync"/> only makes sure a reminder is
/// armed (one reminder write when the person was quiet), and each look at the inbox (a flush or a reminder tick)
/// announces, per channel, what the rule says is due, by starting a delivery grain (which stores the message) before
/// recording, in one write, that those requests were announced. A crash in between replays the same message key, and
/// the delivery grain answers with the message it already holds, so nothing is announced twice or lost.
/// </summary>
/// <remarks>
/// Non-reentrant, except <see cref="NoticeAsync"/>: a flush asks deferrals what may be said about them, and a deferral
/// being created waits on <see cref="NoticeAsync"/>, so that call must never wait for a flush. Reminder changes are
/// serialized, and the reminder is dropped only when no notice arrived since the inbox was read.
/// </remarks>
public sealed partial class UserNotificationsGrain(
    [PersistentState("notifications", StorageNames.Inboxes)] IPersistentState<UserNotificationsState> state,
    TimeProvider time,
    IOptions<NotificationOptions> options,
    ILogger<UserNotificationsGrain> logger) : Grain, IUserNotificationsGrain, IRemindable
{
    private const string Reminder = "notify";
    private const int InboxPage = 500;
    private const int NoticesInFlight = 16;
    private static readonly TimeSpan MinimumDue = TimeSpan.FromMilliseconds(250);

    private readonly NotificationOptions _options = options.Value;

    /// <summary>What each deferral in the inbox lets this person be told (null: nothing); dropped when it leaves the inbox.</summary>
    private readonly Dictionary<string, ApprovalNotice?> _notices = new(StringComparer.Ordinal);

    private Task _reminderChanges = Task.CompletedTask;
    private bool? _armed;
    private DateTimeOffset? _exactWake;
    private long _noticed;
    private bool _flushRequested;

    private string UserId => this.GetPrimaryKeyString();

    public async Task NoticeAsync(InboxItem item, bool escalated)
    {
        var preferences = Preferences();
        var active = NotificationPreferenceRules.Active(preferences, _options).ToList();
        if (active.Count == 0)
        {
            return;
        }

        _noticed++;
        await ArmAsync();

        // The first request after a quiet period goes out at once, and so does one that cannot wait for the window.
        var now = time.GetUtcNow();
        if (escalated || active.Any(c => Channel(c).WindowEndsAt is not { } end || now >= end || item.ExpiresAt - end < _options.MinimumTimeToDecide))
        {
            RequestFlush();
        }
    }

    public async Task DecisionAsync(DecisionNotice notice)
    {
        // No batching and no state of its own: one message per request and channel, under a key made of the request.
        var preferences = Preferences();
        foreach (var channel in NotificationPreferenceRules.Active(preferences, _options))
        {
            var key = GrainKeys.DecisionDelivery(UserId, channel, notice.Id);
            var message = NotificationComposer.ComposeDecision(channel, notice);
            await GrainFactory.GetGrain<INotificationDeliveryGrain>(key).StartAsync(new OutboundNotification(
                UserId, channel, NotificationPreferenceRules.Destination(channel, preferences), NotificationKeys.Idempotency(key), "decision",
                message.Title, message.Text, message.Html, message.Payload, [notice.Id], time.GetUtcNow()));
            LogComposed(logger, UserId, Name(channel), BatchKind.Decision, 1, key);
        }
    }

    public async Task FlushAsync()
    {
        _flushRequested = false;
        await LookAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => LookAsync();

    public Task<NotificationProfile> GetProfileAsync()
    {
        var preferences = Preferences();
        var channels = Enum.GetValues<NotificationChannel>().Select(c =>
        {
            var chosen = preferences.Channels.Contains(c);
            var problem = chosen ? NotificationPreferenceRules.InactiveBecause(c, preferences, _options) : null;
            var stored = state.State.Channels.GetValueOrDefault(c);
            return new ChannelStatus(c, chosen && problem is null, stored?.WindowEndsAt, stored?.Sequence ?? 0, problem);
        });
        return Task.FromResult(new NotificationProfile(preferences, state.State.Preferences is not null, [.. channels]));
    }

    public async Task<string?> SetPreferencesAsync(NotificationPreferences preferences)
    {
        if (NotificationPreferenceRules.Problem(preferences, _options) is { } problem)
        {
            return problem;
        }

        await ChangePreferencesAsync(preferences);
        return null;
    }

    public Task ResetPreferencesAsync() => state.State.Preferences is null ? Task.CompletedTask : ChangePreferencesAsync(null);

    /// <summary>
    /// Stores new preferences. A channel that starts delivering starts from now: what already waits in the inbox is
    /// not announced on it (the person is looking at their profile, next to the inbox).
    /// </summary>
    private async Task ChangePreferencesAsync(NotificationPreferences? preferences)
    {
        var now = time.GetUtcNow();
        var before = NotificationPreferenceRules.Active(Preferences(), _options).ToHashSet();
        var after = NotificationPreferenceRules.Active(preferences ?? _options.DefaultsFor(UserId), _options);
        var channels = new Dictionary<NotificationChannel, ChannelState>(state.State.Channels);
        foreach (var started in after.Where(c => !before.Contains(c)))
        {
            channels[started] = Channel(started) with { Since = now, Announced = [], WindowEndsAt = null };
        }

        await WriteAsync(new UserNotificationsState { Preferences = preferences, Channels = channels });
    }

    /// <summary>Reads the inbox and, per channel, sends what is due, records it, and sets the next look.</summary>
    private async Task LookAsync()
    {
        var noticed = _noticed;
        var preferences = Preferences();
        var active = NotificationPreferenceRules.Active(preferences, _options).ToList();
        if (active.Count == 0)
        {
            await ScheduleAsync(null, noticed);
            return;
        }

        var inbox = await ReadInboxAsync();
        var inInbox = inbox.Select(i => i.DeferralId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _notices.Keys.Where(id => !inInbox.Contains(id)).ToList())
        {
            _notices.Remove(gone);
        }

        var now = time.GetUtcNow();
        var channels = new Dictionary<NotificationChannel, ChannelState>(state.State.Channels);
        var changed = false;
        var again = false;
        DateTimeOffset? wake = null;
        foreach (var channel in active)
        {
            var before = Channel(channel);
            var announced = before.Announced.Where(inInbox.Contains).ToHashSet(StringComparer.Ordinal);
            var candidates = inbox.Where(i => !announced.Contains(i.DeferralId) && i.CreatedAt >= before.Since).ToList();
            await LearnAsync(candidates);

            // Requests that do not concern the person (decided by them, no longer pending, never stored) count as said.
            announced.UnionWith(candidates.Where(c => _notices[c.DeferralId] is null).Select(c => c.DeferralId));
            var fresh = candidates.Where(c => _notices[c.DeferralId] is not null)
                .Select(c => new PendingItem(c.DeferralId, c.ExpiresAt, _notices[c.DeferralId]!.Escalated)).ToList();
            var plan = NotificationBatching.Plan(before.WindowEndsAt, fresh, now, preferences.Window, _options.MinimumTimeToDecide);
            var next = before with { WindowEndsAt = plan.WindowEndsAt };
            foreach (var batch in plan.Send)
            {
                var sequence = next.Sequence + 1;
                var key = GrainKeys.NotificationDelivery(UserId, channel, sequence);
                var held = await GrainFactory.GetGrain<INotificationDeliveryGrain>(key).StartAsync(Compose(channel, preferences, batch, key, now));
                announced.UnionWith(held);

                // A message stored before a crash, under the same key, may hold other requests: the rest go next time.
                again |= batch.Ids.Any(id => !held.Contains(id, StringComparer.Ordinal));
                next = next with { Sequence = sequence, LastMessageAt = now };
                LogComposed(logger, UserId, Name(channel), batch.Kind, held.Length, key);
            }

            next = next with { Announced = [.. inbox.Select(i => i.DeferralId).Where(announced.Contains)] };
            changed |= next.WindowEndsAt != before.WindowEndsAt || next.Sequence != before.Sequence || !next.Announced.SequenceEqual(before.Announced);
            channels[channel] = next;
            wake = plan.WakeAt is { } at && (wake is null || at < wake) ? at : wake;
        }

        if (changed)
        {
            await WriteAsync(new UserNotificationsState { Preferences = state.State.Preferences, Channels = channels });
        }

        await ScheduleAsync(again ? now : wake, noticed);
        if (again)
        {
            RequestFlush();
        }
    }

    private OutboundNotification Compose(NotificationChannel channel, NotificationPreferences preferences, NotificationBatch batch, string key, DateTimeOffset now)
    {
        var notices = batch.Ids.Select(id => _notices[id]!).ToList();
        var message = NotificationComposer.Compose(channel, batch.Kind, notices, _options.LinkBase ?? "", preferences.Window, _options.MaxItemsPerMessage);
        return new OutboundNotification(
            UserId,
            channel,
            NotificationPreferenceRules.Destination(channel, preferences),
            NotificationKeys.Idempotency(key),
            batch.Kind.ToString().ToLowerInvariant(),
            message.Title,
            message.Text,
            message.Html,
            message.Payload,
            batch.Ids,
            now);
    }

    /// <summary>Every live entry of the inbox, oldest first.</summary>
    private async Task<List<InboxItem>> ReadInboxAsync()
    {
        var inbox = GrainFactory.GetGrain<IApproverInboxGrain>(UserId);
        var items = new List<InboxItem>();
        string? after = null;
        do
        {
            var page = await inbox.ListAsync(after, InboxPage);
            items.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        return items;
    }

    /// <summary>Asks the deferrals not yet known what may be said about them, a few at a time.</summary>
    private async Task LearnAsync(List<InboxItem> items)
    {
        var unknown = items.Select(i => i.DeferralId).Where(id => !_notices.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        var next = 0;
        async Task WorkAsync()
        {
            while (next < unknown.Count)
            {
                var id = unknown[next++];
                _notices[id] = DeferralIds.IsWellFormed(id) ? await GrainFactory.GetGrain<IDeferralGrain>(id).GetNoticeAsync(UserId) : null;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(NoticesInFlight, unknown.Count)).Select(_ => WorkAsync()));
    }

    private void RequestFlush()
    {
        if (!_flushRequested)
        {
            _flushRequested = true;
            _ = this.AsReference<IUserNotificationsGrain>().FlushAsync();
        }
    }

    /// <summary>Makes sure the reminder exists; durable on return.</summary>
    private Task ArmAsync() => _armed == true ? Task.CompletedTask : ChangeReminderAsync(async () =>
    {
        _armed ??= await this.GetReminder(Reminder) is not null;
        if (_armed != true)
        {
            await this.RegisterOrUpdateReminder(Reminder, _options.ReminderPeriod, _options.ReminderPeriod);
            (_armed, _exactWake) = (true, null);
        }
    });

    /// <summary>
    /// Sets the next look: exactly at <paramref name="wake"/> once it is within a reminder period, on the period's ticks
    /// until then; drops the reminder when nothing waits and no notice came in since <paramref name="noticed"/>.
    /// </summary>
    private Task ScheduleAsync(DateTimeOffset? wake, long noticed) => ChangeReminderAsync(async () =>
    {
        _armed ??= await this.GetReminder(Reminder) is not null;
        var now = time.GetUtcNow();
        if (wake is null)
        {
            if (_armed == true && _noticed == noticed && await this.GetReminder(Reminder) is { } reminder)
            {
                // Disarmed before the await: a notice arriving meanwhile then queues behind this change and re-arms.
                (_armed, _exactWake) = (false, null);
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        var due = wake.Value - now;
        if (due <= _options.ReminderPeriod && _exactWake != wake)
        {
            await this.RegisterOrUpdateReminder(Reminder, due > MinimumDue ? due : MinimumDue, _options.ReminderPeriod);
            (_armed, _exactWake) = (true, wake);
        }
        else if (_armed != true)
        {
            await this.RegisterOrUpdateReminder(Reminder, _options.ReminderPeriod, _options.ReminderPeriod);
            (_armed, _exactWake) = (true, null);
        }
    });

    /// <summary>Runs reminder changes one after another, even when <see cref="NoticeAsync"/> interleaves with a look.</summary>
    private Task ChangeReminderAsync(Func<Task> change)
    {
        var previous = _reminderChanges;
        var next = AfterAsync(previous, change);
        _reminderChanges = next;
        return next;

        static async Task AfterAsync(Task previous, Func<Task> change)
        {
            try
            {
                await previous;
            }
            catch (Exception)
            {
                // That change's caller saw its failure; this change does not depend on it.
            }

            await change();
        }
    }

    private NotificationPreferences Preferences() => state.State.Preferences ?? _options.DefaultsFor(UserId);

    private ChannelState Channel(NotificationChannel channel) => state.State.Channels.GetValueOrDefault(channel) ?? new ChannelState();

    private Task WriteAsync(UserNotificationsState next) => state.WriteOrStepAsideAsync(next, this);

    private static string Name(NotificationChannel channel) => channel.ToString().ToLowerInvariant();
}
