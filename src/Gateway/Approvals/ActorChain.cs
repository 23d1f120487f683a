using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// Who acts for the subject, outermost first: the RFC 8693 §4.1 <c>act</c> claim's actors (the current actor, then
/// the earlier ones nested inside it), or the client itself when it is registered to act for the subject
/// (<c>ActsFor</c>). <c>["agent-x","assistant-y"]</c> with subject alice reads "agent-x acting for assistant-y acting
/// for alice". Empty when the subject acts for itself.
/// </summary>
public static class ActorChain
{
    /// <summary>Nested actors kept at most; an <c>act</c> claim deeper than this is cut (it came from a token we issued or trust).</summary>
    private const int MaxDepth = 16;

    public static ImmutableArray<string> Of(string? act, string clientId, string subject, ClientRegistry clients)
    {
        if (act is not null)
        {
            return Actors(act);
        }

        return clientId != subject && clients.Find(clientId)?.ActsFor == subject ? [clientId] : [];
    }

    private static ImmutableArray<string> Actors(string act)
    {
        var actors = ImmutableArray.CreateBuilder<string>();
        try
        {
            using var document = JsonDocument.Parse(act);
            var current = document.RootElement;
            while (actors.Count < MaxDepth && current.ValueKind == JsonValueKind.Object &&
                current.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String)
            {
                actors.Add(sub.GetString()!);
                if (!current.TryGetProperty("act", out current))
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // The claim was validated when the request was made; an unreadable one shows no chain rather than failing.
        }

        return actors.ToImmutable();
    }
}
