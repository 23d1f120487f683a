using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// Approver notifications on a real SQLite file, with the silo killed in between: what was routed is announced after
/// the restart, exactly once, and a message that an SMTP server that was down never took is delivered once it is up.
/// </summary>
public sealed class NotificationDurabilityTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Kill_BetweenCreationAndDigest_TheDigestAfterTheRestartListsEveryHeldRequestOnce()
    {
        using var file = new SqliteFile();
        using var smtp = await SmtpServer.StartedAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = NotificationGrainTests.Settings(smtp.Port);
        var ids = new List<string>();
        var before = await TestCluster.StartAsync(file.Path, time: time, settings: settings);
        await SetEmailAsync(before);
        ids.Add(await CreateAsync(before));
        await smtp.WaitForAsync(m => m.Count == 1);
        var stored = file.StateVersion("usernotifications", "alice");
        var reminders = file.ReminderVersions("usernotifications/alice");

        // Held for the digest: routing them writes nothing for the approver's notifications, neither state nor reminder.
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await CreateAsync(before));
        }

        Assert.Equal(stored, file.StateVersion("usernotifications", "alice"));
        Assert.Equal(reminders, file.ReminderVersions("usernotifications/alice"));
        await before.Cluster.KillSiloAsync(before.Cluster.Silos[0]);
        await before.Cluster.DisposeAsync();

        await using var after = await TestCluster.StartAsync(file.Path, time: time, settings: settings);
        time.Advance(Window);
        var emails = await smtp.WaitForAsync(m => m.Count == 2, seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(2, smtp.Messages().Count);
        Assert.Equal("30 requests from 1 agent wait for your approval", emails[1].Message.Subject);
        Assert.All(ids, id => Assert.Single(emails, e => e.Raw.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SmtpDown_ThenUpAfterARestart_EachMessageArrivesOnceUnderItsKey()
    {
        using var file = new SqliteFile();
        using var smtp = new SmtpServer();
        using var failures = new MeasurementCounter("deferred_orleans.notifications.failed");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = NotificationGrainTests.Settings(smtp.Port);
        settings["DeferredOrleans:Notifications:MaxAttempts"] = "20";
        var first = GrainKeys.NotificationDelivery("alice", NotificationChannel.Email, 1);
        var ids = new List<string>();
        await using (var before = await TestCluster.StartAsync(file.Path, time: time, settings: settings))
        {
            await SetEmailAsync(before);
            ids.Add(await CreateAsync(before));
            var delivery = before.Grains.GetGrain<INotificationDeliveryGrain>(first);
            await DeferralGrainTests.Eventually(async () => await delivery.GetAsync() is { Attempts: >= 2, Delivered: false }, seconds: 30);
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await CreateAsync(before));
            }
        }

        await smtp.StartAsync();
        await using var after = await TestCluster.StartAsync(file.Path, time: time, settings: settings);
        var immediate = await smtp.WaitForAsync(m => m.Count == 1, seconds: 60);
        time.Advance(Window);
        var emails = await smtp.WaitForAsync(m => m.Count == 2, seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(2, smtp.Messages().Count);
        Assert.Equal($"{NotificationKeys.Idempotency(first)}@as.example", immediate.Single().Message.MessageId);
        Assert.Contains(ids[0], immediate.Single().Raw, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Single(emails, e => e.Raw.Contains(id, StringComparison.Ordinal)));
        Assert.True(failures.Count >= 2);
        var view = await after.Grains.GetGrain<INotificationDeliveryGrain>(first).GetAsync();
        Assert.True(view is { Delivered: true, Attempts: >= 3 });
    }

    private static async Task SetEmailAsync(TestCluster cluster) =>
        Assert.Null(await cluster.Grains.GetGrain<IUserNotificationsGrain>("alice").SetPreferencesAsync(
            new NotificationPreferences([NotificationChannel.Email], "alice@example.com", null, Window)));

    private static async Task<string> CreateAsync(TestCluster cluster)
    {
        var (id, _) = NotificationGrainTests.NewCode();
        await cluster.Grains.GetGrain<IDeferralGrain>(id).CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToOwner(cluster.Time.GetUtcNow())));
        return id;
    }
}
