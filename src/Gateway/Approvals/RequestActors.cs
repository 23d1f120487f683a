using System.Collections.Immutable;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// Who acts for the subject, outermost first: the RFC 8693 §4.1 <c>act</c> claim's actors (<see cref="ActorChain"/>),
/// or the client itself when it is registered to act for the subject (<c>ActsFor</c>). <c>["agent-x","assistant-y"]</c>
/// with subject alice reads "agent-x acting for assistant-y acting for alice". Empty when the subject acts for itself.
/// </summary>
public static class RequestActors
{
    public static ImmutableArray<string> Of(string? act, string clientId, string subject, ClientRegistry clients) =>
        act is not null ? [.. ActorChain.Actors(act)]
        : clientId != subject && clients.Find(clientId)?.ActsFor == subject ? [clientId]
        : [];
}
