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

    /// <summary>
    /// An <c>act</c> claim naming <paramref name="actor"/> as the current actor, with the <paramref name="prior"/>
    /// chains (each an <c>act</c> claim as JSON, or null) nested inside it in order: each chain continues below the
    /// innermost actor of the one before.
    /// </summary>
    public static string For(string actor, params string?[] prior)
    {
        var act = new JsonObject { ["sub"] = actor };
        var innermost = act;
        foreach (var chain in prior)
        {
            if (chain is null || JsonNode.Parse(chain) is not JsonObject nested)
            {
                continue;
            }

            innermost["act"] = nested;
            innermost = nested;
            while (innermost["act"] is JsonObject deeper)
            {
                innermost = deeper;
            }
        }

        return act.ToJsonString();
    }
}
