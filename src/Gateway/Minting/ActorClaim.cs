using System.Text.Json.Nodes;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// RFC 8693 §4.1 <c>act</c>: the current actor at the top level, earlier actors nested inside it. Only the outermost
/// actor counts for access control; the nested ones are history.
/// </summary>
public static class ActorClaim
{
    /// <summary>The outermost actor of an <c>act</c> claim (the one that counts for access control), or null.</summary>
    public static string? Outermost(string? act) =>
        act is not null && JsonNode.Parse(act) is JsonObject o && o["sub"] is JsonValue sub && sub.TryGetValue<string>(out var id) ? id : null;

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
