using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Approvals;
using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.Gateway.Inbox;

/// <summary>
/// One request as the web inbox shows it, in words: who asks, for what, on whose behalf (with the actor chain), why
/// it came to this approver, risk signals, quorum progress and time left. Every text here is data; the pages encode it.
/// </summary>
public sealed record InboxEntry(
    ApprovalView View,
    string ClientName,
    ImmutableArray<string> ActorChain,
    ImmutableArray<string> Details,
    ImmutableArray<string> RoutedBecause,
    ImmutableArray<string> Risk,
    ImmutableArray<string> Progress)
{
    public string Id => View.Id;

    public ImmutableArray<string> Resources => View.Resources;

    /// <summary>Subject and actor chain in one sentence: "agent-x acting for assistant-y acting for alice".</summary>
    public string OnBehalfOf => string.Join(" acting for ", ActorChain.Add(View.Subject));

    public bool IsPending => View.Status == DeferralStatus.Pending;

    public static InboxEntry From(ApprovalView view, string viewer, ClientRegistry clients, OrganizationDirectory directory) => new(
        view,
        clients.NameOf(view.ClientId),
        RequestActors.Of(view.Actor, view.ClientId, view.Subject, clients),
        [.. DetailText.DescribeAll(view.GrantedAuthorizationDetails ?? view.AuthorizationDetails)],
        [.. Reasons(view, viewer, directory)],
        [.. RiskSignals(view.RiskSignals)],
        [.. view.Requirements.Select(Step)]);

    /// <summary>"3 min left", "2 h 5 min left", "expired".</summary>
    public string TimeLeft(DateTimeOffset now)
    {
        var left = View.ExpiresAt - now;
        return left <= TimeSpan.Zero ? "expired"
            : left.TotalHours >= 48 ? $"{(int)left.TotalDays} days left"
            : left.TotalHours >= 1 ? $"{(int)left.TotalHours} h {left.Minutes} min left"
            : left.TotalMinutes >= 1 ? $"{(int)left.TotalMinutes} min left"
            : "less than a minute left";
    }

    /// <summary>A time as pages show it: <c>12 Dec 14:05 UTC</c>.</summary>
    public static string At(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Why the request came to the viewer, one phrase per requirement that names them.</summary>
    private static IEnumerable<string> Reasons(ApprovalView view, string viewer, OrganizationDirectory directory)
    {
        foreach (var reason in view.RoutedBecause ?? [])
        {
            var why = reason.Route switch
            {
                ApprovalRoute.Delegate => $"as delegate for {reason.OnBehalfOf}{Until(directory, reason.OnBehalfOf, viewer)}",
                ApprovalRoute.ResourceOwner => $"as owner of {string.Join(", ", view.Resources)}",
                ApprovalRoute.Manager => $"as {view.Subject}'s manager",
                ApprovalRoute.Group => "as a member of the approving group",
                ApprovalRoute.Workflow => "as the workflow system",
                _ => "named by the rule",
            };
            yield return reason.Escalated ? $"rule {view.Rule}, step {reason.Step}: escalated to you" : $"rule {view.Rule}, step {reason.Step}: {why}";
        }
    }

    private static string Until(OrganizationDirectory directory, string? from, string to) =>
        directory.Options.Delegations.FirstOrDefault(d => d.From == from && d.To == to)?.Ends is { } ends
            ? $" until {ends.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"
            : "";

    /// <summary>"owner: 0 of 1 approved", "quorum: 1 of 2 approved (3 may decide), 1 denied", with stage and escalation.</summary>
    private static string Step(RequirementProgress step)
    {
        var text = $"{step.Name}: {step.Approved} of {step.Required} approved";
        if (step.Of > step.Required)
        {
            text += $" ({step.Of} may decide)";
        }

        if (step.Denied > 0)
        {
            text += $", {step.Denied} denied";
        }

        if (!step.Open)
        {
            text += $"; stage {step.Stage + 1}, opens when the earlier stages approve";
        }

        return step.Escalated ? text + "; escalated" : text;
    }

    private static IEnumerable<string> RiskSignals(string? json)
    {
        if (json is null)
        {
            yield break;
        }

        List<string> signals = [];
        try
        {
            using var document = JsonDocument.Parse(json);
            signals.AddRange(document.RootElement.EnumerateObject().Select(m => $"{m.Name.Replace('_', ' ')}: {DetailText.Describe(m.Value)}"));
        }
        catch (JsonException)
        {
            signals.Add(json);
        }

        foreach (var signal in signals)
        {
            yield return signal;
        }
    }
}
