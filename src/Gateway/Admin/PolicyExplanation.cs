using System.Text.Json.Serialization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>
/// An explain answer: the decision, the rule that decided each item, and why it was refused (deny) or the route a
/// deferral would take (defer).
/// </summary>
public sealed record PolicyExplanation(
    string Decision,
    IReadOnlyList<string> Rules,
    IReadOnlyList<ExplainedItem> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExpiresIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Interval,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Interaction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ExplainedStep>? Route)
{
    public static PolicyExplanation From(PolicyDecision decision)
    {
        var items = decision.Items.Select(i => new ExplainedItem(
            i.Item, i.Rule, i.Outcome, i.Rule is null ? "no rule matches it, so it is refused" : $"rule '{i.Rule}' is the first that matches it")).ToList();
        var explanation = new PolicyExplanation("allow", decision.Rules, items, null, null, null, null, null, null);
        return decision switch
        {
            PolicyDecision.Denied denied => explanation with { Decision = "deny", Reason = denied.Reason.ToString(), Description = denied.Description },
            PolicyDecision.Deferred deferred => explanation with
            {
                Decision = "defer",
                ExpiresIn = (long)deferred.ExpiresIn.TotalSeconds,
                Interval = deferred.IntervalSeconds,
                Interaction = deferred.RequiresInteraction,
                Route = [.. deferred.Requirements.Select(r => new ExplainedStep(
                    r.Name,
                    r.Stage + 1,
                    r.Route.ToString(),
                    r.Approvers,
                    r.Quorum,
                    r.Veto,
                    r.OnBehalfOf,
                    r.EscalateAfter is { } after ? (long)after.TotalSeconds : null,
                    r.EscalateAfter is null ? null : r.EscalationApprovers ?? []))],
            },
            _ => explanation,
        };
    }
}
