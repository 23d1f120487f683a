using System.Text.Json;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Api;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>An explain answer: the decision, the rule that decided each item, and the route a deferral would take.</summary>
public static class PolicyExplanation
{
    public static void Write(Utf8JsonWriter w, PolicyDecision decision)
    {
        w.WriteString("decision", decision switch
        {
            PolicyDecision.Allowed => "allow",
            PolicyDecision.Denied => "deny",
            _ => "defer",
        });
        JsonBody.WriteStrings(w, "rules", decision.Rules);
        w.WriteStartArray("items");
        foreach (var item in decision.Items)
        {
            w.WriteStartObject();
            w.WriteString("item", item.Item);
            w.WriteString("rule", item.Rule);
            w.WriteString("outcome", item.Outcome);
            w.WriteString("why", item.Rule is null ? "no rule matches it, so it is refused" : $"rule '{item.Rule}' is the first that matches it");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        switch (decision)
        {
            case PolicyDecision.Denied denied:
                w.WriteString("reason", denied.Reason.ToString());
                w.WriteString("description", denied.Description);
                break;
            case PolicyDecision.Deferred deferred:
                w.WriteNumber("expires_in", (long)deferred.ExpiresIn.TotalSeconds);
                w.WriteNumber("interval", deferred.IntervalSeconds);
                w.WriteBoolean("interaction", deferred.RequiresInteraction);
                w.WriteStartArray("route");
                foreach (var requirement in deferred.Requirements)
                {
                    w.WriteStartObject();
                    w.WriteString("step", requirement.Name);
                    w.WriteNumber("stage", requirement.Stage + 1);
                    w.WriteString("via", requirement.Route.ToString());
                    JsonBody.WriteStrings(w, "approvers", requirement.Approvers);
                    w.WriteNumber("quorum", requirement.Quorum);
                    w.WriteBoolean("veto", requirement.Veto);
                    if (requirement.OnBehalfOf is { } owner)
                    {
                        w.WriteString("on_behalf_of", owner);
                    }

                    if (requirement.EscalateAfter is { } after)
                    {
                        w.WriteNumber("escalate_after", (long)after.TotalSeconds);
                        JsonBody.WriteStrings(w, "escalate_to", requirement.EscalationApprovers ?? []);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
        }
    }
}
