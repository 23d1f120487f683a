using System.Collections.Immutable;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Gateway.Minting;

namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>
/// The OAuth request as AuthZEN sees it (AROP "Constructing the Access Evaluation"), as pure
/// functions. The subject is the principal the token will act as, with the agent in <c>subject.properties.act</c>.
/// Each scope becomes the action <c>{name: scope}</c> on each requested resource (type <c>oauth_resource</c>, the
/// token's audience). Each authorization_details object becomes one pair per entry of its <c>actions</c> (its
/// <c>type</c> when it has none) on the resource <c>{type, id: identifier | first location | audience,
/// properties: the object}</c>. The context carries <c>client_id</c>, <c>dpop_jkt</c> and <c>resource</c>.
/// </summary>
public static class AuthZenMapping
{
    public const string ResourceType = "oauth_resource";

    public static ImmutableArray<AccessPair> Pairs(DeferredTokenRequest request, string defaultAudience)
    {
        var audiences = request.Resources.IsEmpty ? [defaultAudience] : request.Resources;
        var pairs = ImmutableArray.CreateBuilder<AccessPair>();
        foreach (var scope in request.Scopes)
        {
            pairs.AddRange(audiences.Select(a => new AccessPair(
                new JsonObject { ["type"] = ResourceType, ["id"] = a },
                new JsonObject { ["name"] = scope },
                AccessOrigin.Scope)));
        }

        var details = request.AuthorizationDetails is { } json && JsonNode.Parse(json) is JsonArray array ? array.OfType<JsonObject>() : [];
        foreach (var detail in details)
        {
            var type = Text(detail["type"]) ?? "";
            var id = Text(detail["identifier"]) ?? (detail["locations"] as JsonArray)?.Select(Text).FirstOrDefault(l => l is not null) ?? audiences[0];
            var actions = (detail["actions"] as JsonArray)?.Select(Text).OfType<string>().ToList() is { Count: > 0 } named ? named : [type];
            pairs.AddRange(actions.Select(action => new AccessPair(
                new JsonObject { ["type"] = type, ["id"] = id, ["properties"] = detail.DeepClone() },
                new JsonObject { ["name"] = action },
                AccessOrigin.AuthorizationDetails)));
        }

        return pairs.ToImmutable();
    }

    public static JsonObject Subject(DeferredTokenRequest request)
    {
        var isClient = string.Equals(request.Subject, request.ClientId, StringComparison.Ordinal);
        var subject = new JsonObject { ["type"] = isClient ? "client" : "user", ["id"] = request.Subject };
        var act = request.Actor ?? (isClient ? null : ActorClaim.For(request.ClientId));
        if (act is not null)
        {
            subject["properties"] = new JsonObject { ["act"] = JsonNode.Parse(act) };
        }

        return subject;
    }

    public static JsonObject Context(DeferredTokenRequest request)
    {
        var context = new JsonObject { ["client_id"] = request.ClientId };
        if (request.DpopJkt is { } jkt)
        {
            context["dpop_jkt"] = jkt;
        }

        if (!request.Resources.IsEmpty)
        {
            context["resource"] = new JsonArray([.. request.Resources.Select(r => (JsonNode)r)]);
        }

        return context;
    }

    /// <summary>An AuthZEN Authorization API evaluation request.</summary>
    public static string Evaluation(DeferredTokenRequest request, AccessPair pair) => new JsonObject
    {
        ["subject"] = Subject(request),
        ["action"] = pair.Action.DeepClone(),
        ["resource"] = pair.Resource.DeepClone(),
        ["context"] = Context(request),
    }.ToJsonString();

    /// <summary>
    /// An ARAP access request (without <c>callback</c> and <c>requested_access</c>, which the task adds): one pair as
    /// <c>resource</c> and <c>action</c>, several as <c>items</c>, each with its denial binding.
    /// </summary>
    public static string AccessRequest(DeferredTokenRequest request, IReadOnlyList<(AccessPair Pair, JsonObject Denial)> denied)
    {
        var body = new JsonObject { ["subject"] = Subject(request) };
        if (denied.Count == 1)
        {
            body["resource"] = denied[0].Pair.Resource.DeepClone();
            body["action"] = denied[0].Pair.Action.DeepClone();
            body["context"] = Context(request);
            body["denial"] = denied[0].Denial.DeepClone();
        }
        else
        {
            body["items"] = new JsonArray([.. denied.Select(d => (JsonNode)new JsonObject
            {
                ["resource"] = d.Pair.Resource.DeepClone(),
                ["action"] = d.Pair.Action.DeepClone(),
                ["denial"] = d.Denial.DeepClone(),
            })]);
            body["context"] = Context(request);
        }

        var actor = ActorClaim.Outermost(request.Actor) ?? request.ClientId;
        body["client"] = new JsonObject { ["id"] = request.ClientId, ["actor"] = new JsonObject { ["id"] = actor, ["type"] = "oauth_client" } };
        return body.ToJsonString();
    }

    /// <summary>
    /// The access request for a connector approver the policy routed to (no PDP denial to bind): the denial names
    /// the reason and the deferral's expiry.
    /// </summary>
    public static string RoutedAccessRequest(DeferredTokenRequest request, string defaultAudience, DateTimeOffset expiresAt)
    {
        var denial = new JsonObject { ["reason"] = "approval_required", ["expires_at"] = Rfc3339.Format(expiresAt) };
        var pairs = Pairs(request, defaultAudience);
        if (pairs.IsEmpty)
        {
            // A request with neither scope nor authorization_details still asks for access to its audience.
            pairs = [new AccessPair(new JsonObject { ["type"] = ResourceType, ["id"] = request.Resources.FirstOrDefault() ?? defaultAudience }, new JsonObject { ["name"] = "access" }, AccessOrigin.Scope)];
        }

        return AccessRequest(request, [.. pairs.Select(p => (p, denial))]);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
