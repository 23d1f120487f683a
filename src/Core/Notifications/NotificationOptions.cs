using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Core.Notifications;

/// <summary>How people are told that requests wait for them (section <c>DeferredOrleans:Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "DeferredOrleans:Notifications";

    /// <summary>Off: deferrals never look for anyone to notify (messages already stored are still delivered).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where links in messages point: <c>{LinkBase}/inbox</c> and <c>{LinkBase}/inbox/{id}</c>. Defaults to
    /// <c>DeferredOrleans:Server:Issuer</c>.
    /// </summary>
    public string? LinkBase { get; set; }

    /// <summary>The batching window of people who chose none.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest window a person may choose.</summary>
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A request that would leave its approver less than this between the digest and its expiry is announced at once
    /// instead of waiting for the window's end.
    /// </summary>
    public TimeSpan MinimumTimeToDecide { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The channels of people who chose none (e.g. <c>["Email"]</c>); each needs an address to be active.</summary>
    public List<NotificationChannel> Channels { get; set; } = [];

    /// <summary>Per-user defaults, keyed by directory user id: address, webhook, channels, window.</summary>
    public Dictionary<string, UserNotificationDefaults> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The SMTP server; the email channel is active only when <see cref="SmtpOptions.Host"/> is set.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// Development only: allow chat webhooks on http and on private, loopback or link-local addresses. Otherwise
    /// webhooks are https on public addresses, checked again at connect time (the callbacks' SSRF rules).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Timeout of one SMTP session or webhook call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts in all (the first plus retries) before a message is given up, and audited.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Backoff after the first failed attempt; doubles after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The reminders' period: how often an open window is looked at, and how soon a tick lost to a crash comes again.
    /// Orleans refuses periods under a minute unless its <c>ReminderOptions.MinimumReminderPeriod</c> is lowered.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a delivered (or given-up) message's record is kept, so that its key is never sent again.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The most requests a message lists one by one; the rest are counted, with a link to the inbox.</summary>
    public int MaxItemsPerMessage { get; set; } = 250;

    /// <summary>The defaults of one user: their own entry over the server-wide ones.</summary>
    public NotificationPreferences DefaultsFor(string userId)
    {
        var mine = Users.GetValueOrDefault(userId);
        var channels = mine?.Channels is { Count: > 0 } chosen ? chosen : Channels;
        return new NotificationPreferences([.. channels.Distinct()], mine?.Email, mine?.ChatWebhook, mine?.Window ?? Window);
    }
}
