using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Notifications;

namespace DeferredOrleans.UnitTests;

/// <summary>The notifications' pure rules as tables: batching, retries, the actor chain, rendering, preferences.</summary>
public sealed class NotificationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumTimeToDecide = TimeSpan.FromMinutes(2);

    /// <summary>
    /// (window ends at, minutes from now; null: quiet), (items: expires in minutes, escalated), → (kinds sent with
    /// their item counts, window ends at in minutes from now, wake at in minutes).
    /// </summary>
    public static TheoryData<string, int?, (int ExpiresIn, bool Escalated)[], string, int?, int?> Batching() => new()
    {
        { "quiet, nothing", null, [], "", null, null },
        { "quiet, the first request goes at once and opens a window", null, [(10, false)], "immediate:1", 5, 5 },
        { "quiet, three at once go together", null, [(10, false), (10, false), (10, false)], "immediate:3", 5, 5 },
        { "open window, held", 3, [(10, false)], "", 3, 3 },
        { "open window, nothing new", 3, [], "", 3, 3 },
        { "open window, expires 2 min after its end: held", 3, [(5, false)], "", 3, 3 },
        { "open window, expires under 2 min after its end: at once", 3, [(4, false), (30, false)], "urgent:1", 3, 3 },
        { "open window, escalated: at once", 3, [(30, true), (30, false)], "urgent:1", 3, 3 },
        { "window ended with requests: one digest, next window", 0, [(10, false), (10, false)], "digest:2", 5, 5 },
        { "window ended long ago, new request: still one message", -60, [(10, false)], "digest:1", 5, 5 },
        { "window ended, nothing waits: quiet again", 0, [], "", null, null },
    };

    [Theory]
    [MemberData(nameof(Batching))]
    public void Plan_Table(string why, int? windowEndsIn, (int ExpiresIn, bool Escalated)[] items, string sent, int? windowEndsAt, int? wakeAt)
    {
        var fresh = items.Select((item, i) => new PendingItem($"r{i}", Now.AddMinutes(item.ExpiresIn), item.Escalated)).ToList();

        var plan = NotificationBatching.Plan(windowEndsIn is { } m ? Now.AddMinutes(m) : null, fresh, Now, Window, MinimumTimeToDecide);

        Assert.True(sent == string.Join(",", plan.Send.Select(b => $"{b.Kind.ToString().ToLowerInvariant()}:{b.Ids.Length}")), why);
        Assert.Equal(windowEndsAt is { } end ? Now.AddMinutes(end) : null, plan.WindowEndsAt);
        Assert.Equal(wakeAt is { } wake ? Now.AddMinutes(wake) : null, plan.WakeAt);
    }

    [Fact]
    public void Plan_ZeroWindow_AnnouncesEverythingAtOnceAndNeverWaits()
    {
        var plan = NotificationBatching.Plan(null, [new PendingItem("a", Now.AddMinutes(10)), new PendingItem("b", Now.AddMinutes(10))], Now, TimeSpan.Zero, MinimumTimeToDecide);

        Assert.Equal<string>(["a", "b"], plan.Send.Single().Ids);
        Assert.Equal((null, null), (plan.WindowEndsAt, plan.WakeAt));
    }

    [Fact]
    public void Plan_UrgentAndHeld_TheHeldOnesStayForTheDigest()
    {
        var end = Now.AddMinutes(3);
        var fresh = new[] { new PendingItem("soon", Now.AddMinutes(4)), new PendingItem("later", Now.AddMinutes(30)) };

        var inWindow = NotificationBatching.Plan(end, fresh, Now, Window, MinimumTimeToDecide);
        var atEnd = NotificationBatching.Plan(end, [fresh[1]], end, Window, MinimumTimeToDecide);

        Assert.Equal<string>(["soon"], inWindow.Send.Single().Ids);
        Assert.Equal((BatchKind.Digest, "later"), (atEnd.Send.Single().Kind, atEnd.Send.Single().Ids.Single()));
    }

    /// <summary>(attempts so far, failure, Retry-After seconds) → retry after seconds, or -1 for give up.</summary>
    public static TheoryData<int, DeliveryFailure, int?, int> Retries() => new()
    {
        { 1, DeliveryFailure.Transient, null, 30 },
        { 2, DeliveryFailure.Transient, null, 60 },
        { 3, DeliveryFailure.Transient, null, 120 },
        { 7, DeliveryFailure.Transient, null, 1800 },
        { 2, DeliveryFailure.Transient, 600, 600 },
        { 2, DeliveryFailure.Transient, 7200, 1800 },
        { 2, DeliveryFailure.Transient, 5, 60 },
        { 8, DeliveryFailure.Transient, null, -1 },
        { 1, DeliveryFailure.Permanent, null, -1 },
    };

    [Theory]
    [MemberData(nameof(Retries))]
    public void AfterFailure_Table(int attempts, DeliveryFailure failure, int? retryAfter, int expected)
    {
        var options = new NotificationOptions();

        var step = DeliveryRetry.AfterFailure(attempts, failure, retryAfter is { } s ? TimeSpan.FromSeconds(s) : null, options);

        Assert.Equal(expected, step switch { DeliveryStep.Retry r => (int)r.Delay.TotalSeconds, _ => -1 });
    }

    [Fact]
    public void AfterFailure_Jitter_ShortensByAtMostATenth()
    {
        var step = (DeliveryStep.Retry)DeliveryRetry.AfterFailure(1, DeliveryFailure.Transient, null, new NotificationOptions(), jitter: 1);

        Assert.Equal(TimeSpan.FromSeconds(27), step.Delay);
    }

    public static TheoryData<string, string, string?, string> Actors() => new()
    {
        { "agent", "agent", null, "agent" },
        { "alice-assistant", "alice", """{"sub":"alice-assistant"}""", "alice-assistant acting for alice" },
        { "agent-x", "alice", null, "agent-x acting for alice" },
        { "agent-x", "alice", """{"sub":"agent-x","act":{"sub":"agent-y"}}""", "agent-x via agent-y acting for alice" },
        { "gateway", "alice", """{"sub":"agent-x"}""", "agent-x (client gateway) acting for alice" },
        { "agent", "alice", "not json", "agent acting for alice" },
        { "agent\r\nBcc: x", "alice", null, "agentBcc: x acting for alice" },
    };

    [Theory]
    [MemberData(nameof(Actors))]
    public void ActorChain_Table(string client, string subject, string? act, string expected) =>
        Assert.Equal(expected, ActorChain.Describe(client, subject, act));

    [Fact]
    public void Compose_Digest_GroupsByWhoAndResource_CountsAgents_LinksEveryRequest()
    {
        var notices = new[]
        {
            Notice("id-1", "agent-x", "alice", "doc-1"), Notice("id-2", "agent-x", "alice", "doc-1"), Notice("id-3", "agent-x", "alice", "doc-2"),
            Notice("id-4", "agent-y", "agent-y", "doc-1"), Notice("id-5", "agent-z", "bob", "doc-3", act: """{"sub":"agent-z","act":{"sub":"agent-w"}}"""),
            Notice("id-6", "agent-y", "agent-y", "doc-1"), Notice("id-7", "agent-x", "alice", "doc-1"),
        };

        var email = NotificationComposer.Compose(NotificationChannel.Email, BatchKind.Digest, notices, "https://as.example/", Window, 250);

        Assert.Equal("7 requests from 3 agents wait for your approval", email.Title);
        Assert.Contains("agent-x acting for alice on doc-1 (3)", email.Text, StringComparison.Ordinal);
        Assert.Contains("agent-x acting for alice on doc-2 (1)", email.Text, StringComparison.Ordinal);
        Assert.Contains("agent-y on doc-1 (2)", email.Text, StringComparison.Ordinal);
        Assert.Contains("agent-z via agent-w acting for bob on doc-3 (1)", email.Text, StringComparison.Ordinal);
        Assert.All(notices, n => Assert.Contains($"https://as.example/inbox/{n.Id}", email.Text, StringComparison.Ordinal));
        Assert.All(notices, n => Assert.Contains($"href=\"https://as.example/inbox/{n.Id}\"", email.Html, StringComparison.Ordinal));
        Assert.Contains("https://as.example/inbox\n", email.Text, StringComparison.Ordinal);
        Assert.Contains("at most one message per 5 minutes", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_HostileValues_AreEscapedAndNoRemoteContentAppears()
    {
        var notice = Notice("id-1", "<script>alert(1)</script>", "alice", "doc-\"1\"&<img src=x>");

        var email = NotificationComposer.Compose(NotificationChannel.Email, BatchKind.Immediate, [notice], "https://as.example", Window, 250);
        var chat = NotificationComposer.Compose(NotificationChannel.Chat, BatchKind.Immediate, [notice], "https://as.example", Window, 250);

        Assert.DoesNotContain("<script", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.Html, StringComparison.Ordinal);
        var text = JsonDocument.Parse(chat.Payload!).RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString();
        Assert.Contains("&lt;script&gt;", text, StringComparison.Ordinal);
        Assert.Equal("Approval needed: <script>alert(1)</script> acting for alice asks for doc:write on doc-\"1\"&<img src=x>", email.Title);
    }

    [Fact]
    public void Compose_ChatWithManyRequests_StaysWithinSlackLimitsAndCountsWhatItCannotList()
    {
        var notices = Enumerable.Range(0, 2000).Select(i => Notice($"{i:D43}", $"agent-{i % 40}", "alice", $"doc-{i % 7}")).ToList();

        var chat = NotificationComposer.Compose(NotificationChannel.Chat, BatchKind.Digest, notices, "https://as.example", Window, 2000);

        var blocks = JsonDocument.Parse(chat.Payload!).RootElement.GetProperty("blocks");
        Assert.True(blocks.GetArrayLength() <= 50);
        Assert.All(blocks.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "section"),
            b => Assert.True(b.GetProperty("text").GetProperty("text").GetString()!.Length <= 3000));
        var texts = string.Join("\n", blocks.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "section").Select(b => b.GetProperty("text").GetProperty("text").GetString()));
        var listed = notices.Count(n => texts.Contains(n.Id, StringComparison.Ordinal));
        Assert.InRange(listed, 1, 1999);
        Assert.Contains($"…and {2000 - listed} more requests", texts, StringComparison.Ordinal);
        Assert.Equal("actions", blocks[blocks.GetArrayLength() - 2].GetProperty("type").GetString());
    }

    [Fact]
    public void Compose_MoreThanTheMaximum_ListsTheFirstAndCountsTheRest()
    {
        var notices = Enumerable.Range(0, 5).Select(i => Notice($"id-{i}", "agent", "agent", "doc")).ToList();

        var email = NotificationComposer.Compose(NotificationChannel.Email, BatchKind.Digest, notices, "https://as.example", Window, 3);

        Assert.Contains("…and 2 more requests in your inbox.", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("id-4", email.Text, StringComparison.Ordinal);
        Assert.Equal("5 requests from 1 agent wait for your approval", email.Title);
    }

    [Fact]
    public void ComposeDecision_TellsTheSubjectWhatWasDecidedForThem_EscapedAndWithoutLinks()
    {
        var notice = new DecisionNotice("id-1", "bank-app", "alice", null, ["payments:<initiate>"], ["acct-1"], "urn:openid:params:grant-type:ciba", false, Now);

        var email = NotificationComposer.ComposeDecision(NotificationChannel.Email, notice);
        var chat = NotificationComposer.ComposeDecision(NotificationChannel.Chat, notice);

        Assert.Equal("Denied: bank-app asked for payments:<initiate> on acct-1 for you", email.Title);
        Assert.Contains("was denied", email.Text, StringComparison.Ordinal);
        Assert.Contains("payments:&lt;initiate&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", email.Html, StringComparison.Ordinal);
        Assert.Equal("Denied: bank-app asked for payments:&lt;initiate&gt; on acct-1 for you", JsonDocument.Parse(chat.Payload!).RootElement.GetProperty("text").GetString());
    }

    public static TheoryData<string, string?, string?, int, string?> Preferences() => new()
    {
        { "email", "alice@example.com", null, 300, null },
        { "chat", null, "https://hooks.example.com/services/T0/B0/x", 300, null },
        { "", null, null, 0, null },
        { "email", null, null, 300, "email is required for the email channel" },
        { "email", "Alice <alice@example.com>", null, 300, "email must be one plain email address, like alice@example.com" },
        { "email", "alice@example.com\nBcc: eve@example.com", null, 300, "email must be one plain email address, like alice@example.com" },
        { "email", "not an address", null, 300, "email must be one plain email address, like alice@example.com" },
        { "chat", null, null, 300, "chat_webhook is required for the chat channel" },
        { "chat", null, "http://hooks.example.com/x", 300, "chat_webhook must use https" },
        { "chat", null, "https://127.0.0.1/x", 300, "chat_webhook must not be a private, loopback or link-local address" },
        { "chat", null, "https://10.0.0.7/x", 300, "chat_webhook must not be a private, loopback or link-local address" },
        { "", null, null, -1, "the window must be between 0 and 86400 seconds" },
        { "", null, null, 86401, "the window must be between 0 and 86400 seconds" },
        { "email email", "alice@example.com", null, 300, "channels must be distinct values of \"email\" and \"chat\"" },
    };

    [Theory]
    [MemberData(nameof(Preferences))]
    public void PreferenceProblem_Table(string channels, string? email, string? webhook, int windowSeconds, string? expected)
    {
        var chosen = channels.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => Enum.Parse<NotificationChannel>(c, ignoreCase: true)).ToImmutableArray();

        var problem = NotificationPreferenceRules.Problem(new NotificationPreferences(chosen, email, webhook, TimeSpan.FromSeconds(windowSeconds)), new NotificationOptions());

        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Active_EmailWithoutSmtpServer_IsChosenButInactiveAndSaysWhy()
    {
        var preferences = new NotificationPreferences([NotificationChannel.Email, NotificationChannel.Chat], "alice@example.com", null, Window);
        var options = new NotificationOptions();

        Assert.Empty(NotificationPreferenceRules.Active(preferences, options));
        Assert.Equal("the server has no SMTP server configured", NotificationPreferenceRules.InactiveBecause(NotificationChannel.Email, preferences, options));
        options.Smtp.Host = "smtp.example.com";
        Assert.Equal([NotificationChannel.Email], NotificationPreferenceRules.Active(preferences, options));
    }

    [Fact]
    public void DefaultsFor_UserEntryOverServerWide()
    {
        var options = new NotificationOptions { Channels = [NotificationChannel.Email], Window = TimeSpan.FromMinutes(10) };
        options.Users["alice"] = new UserNotificationDefaults { Email = "alice@example.com", Channels = [NotificationChannel.Chat], ChatWebhook = "https://hooks.example.com/a" };
        options.Users["bob"] = new UserNotificationDefaults { Email = "bob@example.com", Window = TimeSpan.FromMinutes(1) };

        Assert.Equal(new NotificationPreferences([NotificationChannel.Chat], "alice@example.com", "https://hooks.example.com/a", TimeSpan.FromMinutes(10)).ToString(), options.DefaultsFor("alice").ToString());
        Assert.Equal<NotificationChannel>([NotificationChannel.Email], options.DefaultsFor("bob").Channels);
        Assert.Equal(("bob@example.com", TimeSpan.FromMinutes(1)), (options.DefaultsFor("bob").Email, options.DefaultsFor("bob").Window));
        Assert.Null(options.DefaultsFor("carol").Email);
    }

    [Fact]
    public void IdempotencyKey_IsStableOpaqueAndPerDelivery()
    {
        var key = NotificationKeys.Idempotency("alice/email/1");

        Assert.Equal(key, NotificationKeys.Idempotency("alice/email/1"));
        Assert.NotEqual(key, NotificationKeys.Idempotency("alice/email/2"));
        Assert.Equal(43, key.Length);
        Assert.DoesNotContain("alice", key, StringComparison.Ordinal);
    }

    private static ApprovalNotice Notice(string id, string client, string subject, string resource, string? act = null) =>
        new(id, client, subject, act, ["doc:write"], [resource], [], "write-doc", Now, Now.AddMinutes(10), false);
}
