using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Notifications;
using Xunit.Abstractions;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// Approver notifications in an in-process cluster with grains on a fake clock: a real SMTP server (aiosmtpd) and a
/// real HTTP listener for the chat webhook. Reminders run on real time with a 1 s period, so a window that ends on
/// the fake clock is noticed within a second.
/// </summary>
public sealed class NotificationGrainTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private SmtpServer _smtp = null!;
    private ExternalSystem _chat = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartedAsync();
        _chat = await ExternalSystem.StartAsync();
        _cluster = await TestCluster.StartAsync(settings: Settings(_smtp.Port));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _chat.DisposeAsync();
        _smtp.Dispose();
    }

    internal static Dictionary<string, string?> Settings(int smtpPort) => new()
    {
        ["DeferredOrleans:Server:Issuer"] = "https://as.example",
        ["DeferredOrleans:Notifications:Smtp:Host"] = "127.0.0.1",
        ["DeferredOrleans:Notifications:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DeferredOrleans:Notifications:Smtp:Security"] = "None",
        ["DeferredOrleans:Notifications:Smtp:From"] = "Approvals <approvals@as.example>",
        ["DeferredOrleans:Notifications:AllowPrivateTargets"] = "true",
        ["DeferredOrleans:Notifications:ReminderPeriod"] = "00:00:01",
        ["DeferredOrleans:Notifications:InitialBackoff"] = "00:00:01",
        ["DeferredOrleans:Notifications:MaxBackoff"] = "00:00:02",
        ["DeferredOrleans:Notifications:MaxAttempts"] = "4",
        ["DeferredOrleans:Notifications:Timeout"] = "00:00:05",
    };

    [Fact]
    public async Task Window_TwoHundredRequestsForOneApprover_AtMostTwoEmailsAndTwoPostsEachListingEveryRequestOnce()
    {
        using var delivered = new MeasurementCounter("deferred_orleans.notifications.delivered");
        await SetPreferencesAsync("alice", [NotificationChannel.Email, NotificationChannel.Chat]);

        // The first request opens the window with a message of its own; the other 199 arrive within the window.
        var created = new List<(string Id, string Code)> { await CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow())) };
        var first = await _smtp.WaitForAsync(m => m.Count == 1);
        await _chat.WaitForAsync(_ => true);
        created.AddRange(await Task.WhenAll(Enumerable.Range(0, 199).Select(_ => CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow())))));
        _cluster.Time.Advance(Window);
        var emails = await _smtp.WaitForAsync(m => created.All(c => m.Any(e => e.Raw.Contains(c.Id, StringComparison.Ordinal))));
        await _chat.WaitForAsync(_ => created.All(c => _chat.Requests.Any(p => p.Body.Contains(c.Id, StringComparison.Ordinal))));
        await Task.Delay(TimeSpan.FromSeconds(2)); // nothing else may follow
        emails = _smtp.Messages();
        var posts = _chat.Requests.ToList();

        output.WriteLine($"200 requests: {emails.Count} emails listing {string.Join(" + ", emails.Select(e => created.Count(c => e.Raw.Contains(c.Id, StringComparison.Ordinal))))}, " +
            $"{posts.Count} posts listing {string.Join(" + ", posts.Select(p => created.Count(c => p.Body.Contains(c.Id, StringComparison.Ordinal))))}");
        Assert.Equal(2, emails.Count);
        Assert.Equal(2, posts.Count);
        foreach (var (id, code) in created)
        {
            Assert.Equal(1, emails.Count(e => e.Raw.Contains(id, StringComparison.Ordinal)));
            Assert.Equal(1, posts.Count(p => p.Body.Contains(id, StringComparison.Ordinal)));
            Assert.Contains($"https://as.example/inbox/{id}", emails.Single(e => e.Raw.Contains(id, StringComparison.Ordinal)).Text, StringComparison.Ordinal);
            Assert.DoesNotContain(emails, e => e.Raw.Contains(code, StringComparison.Ordinal));
            Assert.DoesNotContain(posts, p => p.Body.Contains(code, StringComparison.Ordinal));
        }

        var digest = emails[^1];
        Assert.Equal("alice@example.com", digest.Message.To.Mailboxes.Single().Address);
        Assert.Equal("199 requests from 1 agent wait for your approval", digest.Message.Subject);
        Assert.Contains("agent on doc-789", digest.Text, StringComparison.Ordinal);
        Assert.EndsWith("@as.example", digest.Message.MessageId, StringComparison.Ordinal);
        Assert.Equal(emails.Count, emails.Select(e => e.Message.MessageId).Distinct().Count());
        Assert.DoesNotContain("<img", digest.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(posts.Count, posts.Select(p => p.Header("Idempotency-Key")).Distinct().Count());
        Assert.All(posts, p => Assert.True(p.Json.TryGetProperty("blocks", out _) && p.Json.TryGetProperty("text", out _)));
        Assert.Contains(created[0].Id, first.Single().Raw, StringComparison.Ordinal);
        Assert.True(delivered.Count >= emails.Count + posts.Count);
    }

    [Fact]
    public async Task Window_FirstAfterQuietGoesAtOnce_LaterOnesWaitForOneDigest_AQuietWindowCloses()
    {
        await SetPreferencesAsync("alice", [NotificationChannel.Chat]);

        var one = await CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow()));
        var immediate = await _chat.WaitForAsync(p => p.Body.Contains(one.Id, StringComparison.Ordinal));
        var held = await Task.WhenAll(CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow())), CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow())));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(_chat.Requests);
        Assert.NotNull((await Profile("alice")).WindowEndsAt);

        _cluster.Time.Advance(Window);
        var digest = await _chat.WaitForAsync(p => p.Body.Contains(held[0].Id, StringComparison.Ordinal));
        Assert.Contains(held[1].Id, digest.Body, StringComparison.Ordinal);
        Assert.Contains("2 requests from 1 agent", digest.Body, StringComparison.Ordinal);

        // A window with nothing in it closes; the next request is announced at once again.
        _cluster.Time.Advance(Window);
        await DeferralGrainTests.Eventually(async () => (await Profile("alice")).WindowEndsAt is null, seconds: 10);
        var later = await CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow()));
        await _chat.WaitForAsync(p => p.Body.Contains(later.Id, StringComparison.Ordinal));
        Assert.Equal(3, _chat.Requests.Count);
        Assert.Contains("asks for your approval", immediate.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bypass_ExpiringSoonOrEscalated_AnnouncedAtOnceInsideTheWindow()
    {
        await SetPreferencesAsync("alice", [NotificationChannel.Chat]);
        var opening = await CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow()));
        await _chat.WaitForAsync(p => p.Body.Contains(opening.Id, StringComparison.Ordinal));

        var expiring = await CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow(), expiresIn: TimeSpan.FromMinutes(6)));
        var urgent = await _chat.WaitForAsync(p => p.Body.Contains(expiring.Id, StringComparison.Ordinal));
        Assert.Contains("Expiring soon", urgent.Body, StringComparison.Ordinal);

        // carol is asked first; after 2 s nobody decided, so it escalates to alice, whose window is open.
        var escalating = await CreateAsync(new ApprovalPlan(
            "rule",
            [new ApprovalRequirement("owner", ApprovalRoute.NamedApprovers, ["carol"], 1, EscalateAfter: TimeSpan.FromSeconds(2), EscalationApprovers: ["alice"])],
            _cluster.Time.GetUtcNow().AddMinutes(30),
            5,
            TimeSpan.FromHours(1)));
        _cluster.Time.Advance(TimeSpan.FromSeconds(3));
        var escalated = await _chat.WaitForAsync(p => p.Body.Contains(escalating.Id, StringComparison.Ordinal), seconds: 30);
        Assert.Contains("Escalated to you", escalated.Body, StringComparison.Ordinal);
        Assert.Equal(3, _chat.Requests.Count);
    }

    [Fact]
    public async Task Retry_WebhookFailsTwice_RetriedWithTheSameKeyAndDeliveredOnce()
    {
        using var failures = new MeasurementCounter("deferred_orleans.notifications.failed");
        var calls = 0;
        _chat.Handler = _ => Task.FromResult(new ExternalReply(Interlocked.Increment(ref calls) <= 2 ? 503 : 200, "ok"));
        await SetPreferencesAsync("alice", [NotificationChannel.Chat]);

        var one = await CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow()));
        var key = GrainKeys.NotificationDelivery("alice", NotificationChannel.Chat, 1);
        var delivery = _cluster.Grains.GetGrain<INotificationDeliveryGrain>(key);
        await DeferralGrainTests.Eventually(async () => await delivery.GetAsync() is { Delivered: true }, seconds: 30);

        var posts = _chat.Requests.ToList();
        Assert.Equal(3, posts.Count);
        Assert.Single(posts.Select(p => p.Header("Idempotency-Key")).Distinct());
        Assert.All(posts, p => Assert.Contains(one.Id, p.Body, StringComparison.Ordinal));
        Assert.Equal(3, (await delivery.GetAsync())!.Attempts);
        Assert.True(failures.Count >= 2);
    }

    [Fact]
    public async Task GiveUp_WebhookRefusesForGood_StopsAtOnceAndIsAudited()
    {
        _chat.Handler = _ => Task.FromResult(new ExternalReply(404, "no_service"));
        await SetPreferencesAsync("alice", [NotificationChannel.Chat]);

        var one = await CreateAsync(Requests.ToOwner(_cluster.Time.GetUtcNow()));
        var delivery = _cluster.Grains.GetGrain<INotificationDeliveryGrain>(GrainKeys.NotificationDelivery("alice", NotificationChannel.Chat, 1));
        await DeferralGrainTests.Eventually(async () => await delivery.GetAsync() is { GaveUp: true }, seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Single(_chat.Requests);
        var trail = await _cluster.Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).QueryAsync(new AuditQuery(DeferralId: one.Id));
        Assert.Contains(trail, e => e.Event.Kind == "notification.gave_up" && e.Event.ApproverId == "alice" && e.Event.Detail!.Contains("HTTP 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notice_RequestsThatDoNotConcernTheApprover_AreNeverAnnounced()
    {
        await SetPreferencesAsync("bob", [NotificationChannel.Chat]);
        await SetPreferencesAsync("alice", [NotificationChannel.Chat]);

        // bob is an admin; alice is not asked. A request decided before the digest is not announced either.
        var forAdmins = await CreateAsync(Requests.ToAdmins(_cluster.Time.GetUtcNow()));
        await _chat.WaitForAsync(p => p.Body.Contains(forAdmins.Id, StringComparison.Ordinal));
        var decided = await CreateAsync(Requests.ToAdmins(_cluster.Time.GetUtcNow()));
        await _cluster.Grains.GetGrain<IDeferralGrain>(decided.Id).DecideAsync(new ApproverDecision("bob", false));
        _cluster.Time.Advance(Window);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.DoesNotContain(_chat.Requests, p => p.Body.Contains(decided.Id, StringComparison.Ordinal));
        Assert.Single(_chat.Requests, p => p.Body.Contains(forAdmins.Id, StringComparison.Ordinal));
        Assert.All(_chat.Requests, p => Assert.Equal("/hooks/bob", p.Path));
    }

    [Fact]
    public async Task Preferences_BadAddressOrPrivateWebhookInProduction_RefusedAndNothingStored()
    {
        var grain = _cluster.Grains.GetGrain<IUserNotificationsGrain>("carol");

        var badEmail = await grain.SetPreferencesAsync(new NotificationPreferences([NotificationChannel.Email], "carol@example.com\r\nBcc: x@evil", null, Window));
        var noWebhook = await grain.SetPreferencesAsync(new NotificationPreferences([NotificationChannel.Chat], null, null, Window));
        var longWindow = await grain.SetPreferencesAsync(new NotificationPreferences([], null, null, TimeSpan.FromDays(2)));

        Assert.Contains("plain email address", badEmail, StringComparison.Ordinal);
        Assert.Contains("chat_webhook", noWebhook, StringComparison.Ordinal);
        Assert.Contains("window", longWindow, StringComparison.Ordinal);
        Assert.False((await grain.GetProfileAsync()).FromProfile);
    }

    [Fact]
    public async Task Decision_SubjectOptedIn_ToldOnceByEmailAndChat_NeverWhoDecidedNorTheCode()
    {
        await SetPreferencesAsync("erin", [NotificationChannel.Email, NotificationChannel.Chat]);
        var (approvedId, approvedCode) = NewCode();
        var (deniedId, _) = NewCode();
        var forErin = new DeferredTokenRequest("web-app", "authorization_code", "erin", ["doc:write"], ["doc-789"]);
        await _cluster.Grains.GetGrain<IDeferralGrain>(approvedId).CreateAsync(new DeferralStart(forErin, Requests.ToOwner(_cluster.Time.GetUtcNow()), NotifySubject: true));
        await _cluster.Grains.GetGrain<IDeferralGrain>(deniedId).CreateAsync(new DeferralStart(forErin, Requests.ToOwner(_cluster.Time.GetUtcNow()), NotifySubject: true));

        await _cluster.Grains.GetGrain<IDeferralGrain>(approvedId).DecideAsync(new ApproverDecision("alice", true, "fine"));
        await _cluster.Grains.GetGrain<IDeferralGrain>(deniedId).DecideAsync(new ApproverDecision("alice", false, "fraud suspected"));
        var emails = await _smtp.WaitForAsync(m => m.Count == 2);
        await _chat.WaitForAsync(_ => _chat.Requests.Count == 2);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(2, _smtp.Messages().Count);
        var approved = emails.Single(e => e.Raw.Contains(approvedId, StringComparison.Ordinal));
        Assert.Equal("Approved: web-app asked for doc:write on doc-789 for you", approved.Message.Subject);
        Assert.Equal("erin@example.com", approved.Message.To.Mailboxes.Single().Address);
        Assert.Contains("Denied: web-app asked for doc:write on doc-789 for you", emails.Single(e => e.Raw.Contains(deniedId, StringComparison.Ordinal)).Message.Subject, StringComparison.Ordinal);
        Assert.All(emails, e => Assert.DoesNotContain("alice", e.Raw, StringComparison.Ordinal));
        Assert.All(emails, e => Assert.DoesNotContain("fraud suspected", e.Raw, StringComparison.Ordinal));
        Assert.DoesNotContain(emails, e => e.Raw.Contains(approvedCode, StringComparison.Ordinal));
        Assert.All(_chat.Requests, p => Assert.Equal("/hooks/erin", p.Path));
    }

    [Fact]
    public async Task Decision_ClientDidNotOptIn_SubjectHearsNothing()
    {
        await SetPreferencesAsync("erin", [NotificationChannel.Chat]);
        var (id, _) = NewCode();
        await _cluster.Grains.GetGrain<IDeferralGrain>(id).CreateAsync(new DeferralStart(
            new DeferredTokenRequest("web-app", "authorization_code", "erin", ["doc:write"], ["doc-789"]), Requests.ToOwner(_cluster.Time.GetUtcNow())));

        await _cluster.Grains.GetGrain<IDeferralGrain>(id).DecideAsync(new ApproverDecision("alice", true));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(_chat.Requests);
    }

    private async Task SetPreferencesAsync(string user, ImmutableArray<NotificationChannel> channels) =>
        Assert.Null(await _cluster.Grains.GetGrain<IUserNotificationsGrain>(user).SetPreferencesAsync(
            new NotificationPreferences(channels, $"{user}@example.com", _chat.BaseUrl + $"/hooks/{user}", Window)));

    private async Task<ChannelStatus> Profile(string user) =>
        (await _cluster.Grains.GetGrain<IUserNotificationsGrain>(user).GetProfileAsync()).Channels.Single(c => c.Active);

    private async Task<(string Id, string Code)> CreateAsync(ApprovalPlan plan)
    {
        var (id, code) = NewCode();
        await _cluster.Grains.GetGrain<IDeferralGrain>(id).CreateAsync(new DeferralStart(Requests.WriteDoc, plan));
        return (id, code);
    }

    /// <summary>A deferral code and its id, the base64url SHA-256 digest of the code, as the gateway makes them.</summary>
    internal static (string Id, string Code) NewCode()
    {
        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(code))), code);
    }
}
