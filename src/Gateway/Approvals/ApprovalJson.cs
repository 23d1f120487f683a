using System.Text.Json;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>How the approval API shows a request: everything an approver needs to decide, never the deferral code.</summary>
public static class ApprovalJson
{
    public static void Write(Utf8JsonWriter w, ApprovalView view, ClientRegistry clients)
    {
        w.WriteStartObject();
        w.WriteString("id", view.Id);
        w.WriteString("status", Status(view.Status));
        w.WriteString("client_id", view.ClientId);
        if (clients.Find(view.ClientId)?.Name is { } name)
        {
            w.WriteString("client_name", name);
        }

        w.WriteString("grant_type", view.GrantType);
        w.WriteString("subject", view.Subject);
        w.WriteString("scope", string.Join(' ', view.Scopes));
        w.WriteStartArray("resource");
        foreach (var resource in view.Resources)
        {
            w.WriteStringValue(resource);
        }

        w.WriteEndArray();
        w.WritePropertyName("authorization_details");
        if (view.AuthorizationDetails is { } details)
        {
            w.WriteRawValue(details);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteString("granted_scope", string.Join(' ', view.GrantedScopes));
        w.WritePropertyName("granted_authorization_details");
        if (view.GrantedAuthorizationDetails is { } granted)
        {
            w.WriteRawValue(granted);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteBoolean("awaiting_interaction", view.AwaitingInteraction);
        if (view.BindingMessage is { } message)
        {
            w.WriteString("binding_message", message);
        }

        w.WriteString("rule", view.Rule);
        w.WriteString("created_at", view.CreatedAt.UtcDateTime);
        w.WriteString("expires_at", view.ExpiresAt.UtcDateTime);
        WriteProgress(w, view.Requirements);
        w.WritePropertyName("my_decision");
        if (view.MyDecision is { } mine)
        {
            w.WriteStringValue(mine ? "approved" : "denied");
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
    }

    public static void WriteProgress(Utf8JsonWriter w, IEnumerable<RequirementProgress> requirements)
    {
        w.WriteStartArray("quorum");
        foreach (var r in requirements)
        {
            w.WriteStartObject();
            w.WriteString("step", r.Name);
            w.WriteNumber("required", r.Required);
            w.WriteNumber("of", r.Of);
            w.WriteNumber("approved", r.Approved);
            w.WriteNumber("denied", r.Denied);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteStanding(Utf8JsonWriter w, StandingDecision decision)
    {
        w.WriteStartObject();
        w.WriteString("id", decision.Id);
        w.WriteString("client_id", decision.ClientId);
        w.WriteString("rule", decision.Rule);
        w.WriteString("scope", string.Join(' ', decision.Scopes));
        w.WriteStartArray("resource");
        foreach (var resource in decision.Resources)
        {
            w.WriteStringValue(resource);
        }

        w.WriteEndArray();
        w.WriteString("created_at", decision.CreatedAt.UtcDateTime);
        w.WriteString("expires_at", decision.ExpiresAt.UtcDateTime);
        w.WriteEndObject();
    }

    public static string Status(DeferralStatus status) => status switch
    {
        DeferralStatus.Pending => "pending",
        DeferralStatus.Approved => "approved",
        DeferralStatus.Denied => "denied",
        DeferralStatus.Expired => "expired",
        DeferralStatus.Cancelled => "cancelled",
        DeferralStatus.Abandoned => "abandoned",
        _ => "redeemed",
    };
}
