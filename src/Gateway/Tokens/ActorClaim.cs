using System.Text.Json.Nodes;

namespace DeferredOrleans.Gateway.Tokens;

/// <summary>
/// RFC 8693 §4.1 <c>act</c>: the current actor at the top level, earlier actors nested inside it. Only the outermost
/// actor counts for access control; the nested ones are history.
/// </summary>
public static class ActorClaim
{
    /// <summary>An <c>act</c> claim naming <paramref name="actor"/>, with <paramref name="prior"/> (JSON) nested.</summary>
    public static string For(string actor, string? prior = null)
    {
        var act = new JsonObject { ["sub"] = actor };
        if (prior is not null && JsonNode.Parse(prior) is JsonObject nested)
        {
            act["act"] = nested;
        }

        return act.ToJsonString();
    }
}
