using System.Text.Json.Nodes;

namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>One AuthZEN evaluation's answer: the decision, and for a requestable denial its ARAP <c>context.access_request</c>.</summary>
/// <param name="Allowed">The decision.</param>
/// <param name="AccessRequest">ARAP <c>context.access_request</c> (present only on a requestable denial).</param>
/// <param name="Context">The whole decision context (<c>evaluation_id</c>, <c>evaluated_at</c>, <c>reason</c>, …).</param>
public sealed record PdpDecision(bool Allowed, JsonObject? AccessRequest, JsonObject? Context)
{
    /// <summary>
    /// The ARAP denial binding to echo in the access request: <c>evaluation_id</c>, <c>evaluated_at</c>, <c>reason</c>
    /// from the context, <c>expires_at</c>, <c>binding_token</c> and <c>template</c> from the access request. Null when
    /// the denial is not usable (no <c>expires_at</c>, or neither binding form).
    /// </summary>
    public JsonObject? Denial()
    {
        if (AccessRequest is not { } request || Text(request, "expires_at") is not { } expiresAt)
        {
            return null;
        }

        var denial = new JsonObject { ["expires_at"] = expiresAt };
        Copy(Context, "evaluation_id", denial);
        Copy(Context, "evaluated_at", denial);
        Copy(Context, "reason", denial);
        Copy(request, "binding_token", denial);
        Copy(request, "template", denial);
        return denial.ContainsKey("evaluation_id") || denial.ContainsKey("binding_token") ? denial : null;
    }

    private static void Copy(JsonObject? from, string name, JsonObject to)
    {
        if (from is not null && Text(from, name) is { } value)
        {
            to[name] = value;
        }
    }

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
