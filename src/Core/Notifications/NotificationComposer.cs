using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.Core.Notifications;

/// <summary>
/// Renders the messages: "7 requests from 3 agents", grouped by who asks (the actor chain) and resource, each request
/// with a link to its page in the web inbox. Links only open pages, which ask for confirmation before anything is
/// decided (a GET never changes state). Messages carry what identifies a request (client, actors, subject, scopes,
/// resources, rule, expiry) and never the deferral code, which the deferral grain never holds.
/// </summary>
public static class NotificationComposer
{
    /// <summary>Slack allows 50 blocks per message and 3,000 characters per section text.</summary>
    private const int MaxBlocks = 50;
    private const int MaxSectionText = 2900;

    /// <param name="channel">The channel to render for.</param>
    /// <param name="kind">Why the message goes out.</param>
    /// <param name="notices">The requests, oldest first.</param>
    /// <param name="linkBase">The web inbox's origin, e.g. the issuer.</param>
    /// <param name="window">The person's batching window, for the footer.</param>
    /// <param name="maxItems">The most requests listed one by one.</param>
    public static ComposedMessage Compose(NotificationChannel channel, BatchKind kind, IReadOnlyList<ApprovalNotice> notices, string linkBase, TimeSpan window, int maxItems)
    {
        var links = new Links(linkBase);
        var agents = notices.Select(n => n.ClientId).Distinct(StringComparer.Ordinal).Count();
        var title = Title(kind, notices, agents);
        var headline = Headline(kind, notices, agents);
        var groups = notices.Take(Math.Max(1, maxItems))
            .GroupBy(n => (Who: ActorChain.Describe(n.ClientId, n.Subject, n.Actor), Resources: string.Join(", ", n.Resources.Select(ActorChain.Clean))))
            .Select(g => (Label: g.Key.Resources.Length == 0 ? g.Key.Who : $"{g.Key.Who} on {g.Key.Resources}", Items: g.ToList()))
            .ToList();
        var more = Math.Max(0, notices.Count - Math.Max(1, maxItems));
        var footer = Footer(window);
        return channel == NotificationChannel.Chat
            ? new ComposedMessage(title, PlainText(headline, groups, more, links, footer), null, SlackPayload(title, headline, groups, more, links, footer))
            : new ComposedMessage(title, PlainText(headline, groups, more, links, footer), HtmlBody(headline, groups, more, links, footer), null);
    }

    /// <summary>
    /// The message that tells a request's subject its decision: what was asked, by whom, approved or denied; never who
    /// decided, and no link (the subject need not be an approver).
    /// </summary>
    public static ComposedMessage ComposeDecision(NotificationChannel channel, DecisionNotice notice)
    {
        var who = ActorChain.Who(notice.ClientId, notice.Actor);
        var what = $"{(notice.Scopes.IsEmpty ? "access" : string.Join(" ", notice.Scopes.Select(ActorChain.Clean)))}" +
            (notice.Resources.IsEmpty ? "" : $" on {string.Join(", ", notice.Resources.Select(ActorChain.Clean))}");
        var verdict = notice.Approved ? "approved" : "denied";
        var title = Bounded($"{(notice.Approved ? "Approved" : "Denied")}: {who} asked for {what} for you", 200);
        var text = $"The request that {who} made for you was {verdict}: {what}.\n" +
            $"Request {notice.Id} ({ActorChain.Clean(notice.GrantType)}), decided {notice.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.\n\n" +
            "You get this message because the application asked to keep you informed. If you did not expect this request, tell your administrator.\n";
        if (channel == NotificationChannel.Chat)
        {
            var payload = new JsonObject { ["text"] = S(title), ["blocks"] = new JsonArray(Section(S(text))) }.ToJsonString();
            return new ComposedMessage(title, text, null, payload);
        }

        var html = "<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif;line-height:1.4\">\n" +
            string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"<p>{E(line)}</p>\n")) + "</body></html>\n";
        return new ComposedMessage(title, text, html, null);
    }

    private static string Title(BatchKind kind, IReadOnlyList<ApprovalNotice> notices, int agents)
    {
        var prefix = kind == BatchKind.Urgent ? UrgentPrefix(notices) : "";
        if (notices.Count == 1)
        {
            var n = notices[0];
            return Bounded($"{prefix}Approval needed: {ActorChain.Describe(n.ClientId, n.Subject, n.Actor)} asks for {What(n)}{On(n)}", 200);
        }

        return $"{prefix}{Count(notices.Count, "request")} from {Count(agents, "agent")} wait for your approval";
    }

    private static string Headline(BatchKind kind, IReadOnlyList<ApprovalNotice> notices, int agents) =>
        (kind == BatchKind.Urgent ? UrgentPrefix(notices) : "") + (notices.Count == 1
            ? $"{ActorChain.Describe(notices[0].ClientId, notices[0].Subject, notices[0].Actor)} asks for your approval."
            : $"{Count(notices.Count, "request")} from {Count(agents, "agent")} wait for your approval.");

    private static string UrgentPrefix(IReadOnlyList<ApprovalNotice> notices) =>
        notices.All(n => n.Escalated) ? "Escalated to you: " : "Expiring soon: ";

    private static string Footer(TimeSpan window) =>
        "Nothing is approved or denied from this message: each link opens a page that asks you to confirm. " +
        (window > TimeSpan.Zero
            ? $"You get at most one message per {Duration(window)}, unless a request is about to expire or escalates to you; change this on your profile."
            : "You get a message for every request; choose a batching window on your profile.");

    private static string PlainText(string headline, List<(string Label, List<ApprovalNotice> Items)> groups, int more, Links links, string footer)
    {
        var text = new StringBuilder().Append(headline).Append("\n\n");
        foreach (var (label, items) in groups)
        {
            text.Append(label).Append(" (").Append(items.Count).Append(")\n");
            foreach (var n in items)
            {
                text.Append("  - ").Append(Line(n)).Append("\n    ").Append(links.Item(n.Id)).Append('\n');
            }

            text.Append('\n');
        }

        if (more > 0)
        {
            text.Append("…and ").Append(Count(more, "more request")).Append(" in your inbox.\n\n");
        }

        return text.Append("Open your inbox to approve or deny, one by one or all at once: ").Append(links.Inbox).Append("\n\n").Append(footer).Append('\n').ToString();
    }

    private static string HtmlBody(string headline, List<(string Label, List<ApprovalNotice> Items)> groups, int more, Links links, string footer)
    {
        // No remote images, no scripts: text, lists and links only, every value HTML-escaped.
        var html = new StringBuilder("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif;line-height:1.4\">\n");
        html.Append("<p><strong>").Append(E(headline)).Append("</strong></p>\n");
        foreach (var (label, items) in groups)
        {
            html.Append("<h3 style=\"margin-bottom:0.2em\">").Append(E(label)).Append(" (").Append(items.Count).Append(")</h3>\n<ul>\n");
            foreach (var n in items)
            {
                html.Append("<li><a href=\"").Append(E(links.Item(n.Id))).Append("\">").Append(E(What(n))).Append("</a> — ").Append(E(Details(n))).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (more > 0)
        {
            html.Append("<p>…and ").Append(E(Count(more, "more request"))).Append(" in your inbox.</p>\n");
        }

        html.Append("<p><a href=\"").Append(E(links.Inbox)).Append("\">Open your inbox</a> to approve or deny, one by one or all at once.</p>\n");
        return html.Append("<p style=\"color:#666;font-size:small\">").Append(E(footer)).Append("</p>\n</body></html>\n").ToString();
    }

    private static string SlackPayload(string title, string headline, List<(string Label, List<ApprovalNotice> Items)> groups, int more, Links links, string footer)
    {
        var blocks = new JsonArray { Section($"*{S(headline)}*") };

        // Each group becomes one or more sections under the per-section limit; three blocks stay for the rest.
        var sections = new List<string>();
        foreach (var (label, items) in groups)
        {
            var section = new StringBuilder($"*{S(label)}*");
            foreach (var line in items.Select(n => $"\n• <{links.Item(n.Id)}|{S(What(n))}> · {S(Details(n))}"))
            {
                if (section.Length + line.Length > MaxSectionText)
                {
                    sections.Add(section.ToString());
                    section.Clear().Append($"*{S(label)}* (continued)");
                }

                section.Append(line);
            }

            sections.Add(section.ToString());
        }

        var room = MaxBlocks - 4;
        var left = sections.Count > room ? sections.Skip(room).Sum(s => s.Count(c => c == '•')) : 0;
        foreach (var section in sections.Take(room))
        {
            blocks.Add(Section(section));
        }

        if (more + left > 0)
        {
            blocks.Add(Section($"…and {Count(more + left, "more request")} in <{links.Inbox}|your inbox>."));
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "actions",
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open inbox" },
                ["url"] = links.Inbox,
            }),
        });
        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = S(footer) }) });
        return new JsonObject { ["text"] = $"{S(title)}: <{links.Inbox}|open your inbox>", ["blocks"] = blocks }.ToJsonString();
    }

    private static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn } };

    /// <summary>What is asked: scopes and the types of authorization_details.</summary>
    private static string What(ApprovalNotice n)
    {
        var parts = n.Scopes.Select(ActorChain.Clean).Concat(n.AuthorizationDetailTypes.Select(t => $"authorization_details {ActorChain.Clean(t)}")).ToList();
        return parts.Count == 0 ? "access" : string.Join(" ", parts);
    }

    private static string On(ApprovalNotice n) => n.Resources.IsEmpty ? "" : $" on {string.Join(", ", n.Resources.Select(ActorChain.Clean))}";

    private static string Details(ApprovalNotice n) =>
        $"rule {ActorChain.Clean(n.Rule)}, expires {n.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" +
        (n.Escalated ? ", escalated to you" : "");

    private static string Line(ApprovalNotice n) => $"{What(n)} — {Details(n)}";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0
            ? Count((int)span.TotalMinutes, "minute")
            : Count((int)Math.Ceiling(span.TotalSeconds), "second");

    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Slack mrkdwn escaping: only &amp;, &lt; and &gt; are control characters there.</summary>
    private static string S(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private sealed class Links(string linkBase)
    {
        private readonly string _base = linkBase.TrimEnd('/');

        public string Inbox => $"{_base}/inbox";

        public string Item(string id) => $"{_base}/inbox/{Uri.EscapeDataString(id)}";
    }
}
