using System.Text.Json;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// Who is asking, in words: "agent-x acting for alice". RFC 8693 §4.1: the <c>act</c> claim names the current actor at
/// its top level and earlier actors nested inside it.
/// </summary>
public static class ActorChain
{
    /// <summary>Nested actors read at most; an <c>act</c> claim deeper than this is cut (it came from a token we issued or trust).</summary>
    private const int MaxDepth = 16;
    private const int MaxIdLength = 100;

    /// <param name="clientId">The requesting client.</param>
    /// <param name="subject">The principal the token would be for.</param>
    /// <param name="act">The <c>act</c> claim as JSON, or null.</param>
    public static string Describe(string clientId, string subject, string? act)
    {
        var chain = Actors(act).Select(Clean).ToList();
        var acting = chain.Count > 0 ? chain[0] : Clean(clientId);
        var who = Who(clientId, act);
        return string.Equals(Clean(subject), acting, StringComparison.Ordinal) ? who : $"{who} acting for {Clean(subject)}";
    }

    /// <summary>The acting parties alone: "agent-x via agent-y", "agent-x (client gateway)", or the client.</summary>
    public static string Who(string clientId, string? act)
    {
        var chain = Actors(act).Select(Clean).ToList();
        var who = chain.Count == 0 ? Clean(clientId) : string.Join(" via ", chain);
        return chain.Count > 0 && !chain.Contains(Clean(clientId), StringComparer.Ordinal) ? $"{who} (client {Clean(clientId)})" : who;
    }

    /// <summary>
    /// The actors of an <c>act</c> claim as they are named, current first; nothing when it is absent or not an object.
    /// The chain stops at the first level without a string <c>sub</c>: an actor that is not named is not shown.
    /// </summary>
    public static IEnumerable<string> Actors(string? act)
    {
        if (act is null)
        {
            yield break;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(act);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            yield break;
        }

        for (var (node, depth) = (root, 0); depth < MaxDepth && node.ValueKind == JsonValueKind.Object; depth++)
        {
            if (!node.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String)
            {
                yield break;
            }

            yield return sub.GetString()!;
            if (!node.TryGetProperty("act", out node))
            {
                yield break;
            }
        }
    }

    /// <summary>An id as it may appear in a message: no control characters, bounded length.</summary>
    public static string Clean(string id)
    {
        var clean = new string([.. id.Where(c => !char.IsControl(c))]);
        return clean.Length <= MaxIdLength ? clean : clean[..MaxIdLength] + "…";
    }
}
