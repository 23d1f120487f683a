using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.AuthZen;

namespace DeferredOrleans.UnitTests;

/// <summary>The OAuth request as AuthZEN evaluations and ARAP access requests (AROP "Constructing the Access Evaluation").</summary>
public sealed class AuthZenMappingTests
{
    private static readonly DeferredTokenRequest Agent = new("agent", "client_credentials", "agent", ["deploy:prod", "logs:read"], ["https://a.example", "https://b.example"]);

    [Fact]
    public void Pairs_EachScopeOnEachResource()
    {
        var pairs = AuthZenMapping.Pairs(Agent, "api");

        Assert.Equal(4, pairs.Length);
        Assert.Contains(pairs, p => p.Action["name"]!.GetValue<string>() == "logs:read" && p.Resource["id"]!.GetValue<string>() == "https://b.example");
        Assert.All(pairs, p => Assert.Equal((AuthZenMapping.ResourceType, AccessOrigin.Scope), (p.Resource["type"]!.GetValue<string>(), p.Origin)));
    }

    [Fact]
    public void Pairs_NoResource_TheDefaultAudience()
    {
        var pairs = AuthZenMapping.Pairs(Agent with { Resources = [] }, "api");

        Assert.All(pairs, p => Assert.Equal("api", p.Resource["id"]!.GetValue<string>()));
    }

    [Fact]
    public void Pairs_AuthorizationDetails_OnePairPerAction_ResourceFromIdentifierOrLocation()
    {
        const string details = """
            [{"type":"payment","actions":["initiate","status"],"locations":["https://bank.example/pay"],"amount":"10"},
             {"type":"account","identifier":"acct-1"}]
            """;
        var pairs = AuthZenMapping.Pairs(Agent with { Scopes = [], AuthorizationDetails = details }, "api");

        Assert.Equal(3, pairs.Length);
        Assert.All(pairs, p => Assert.Equal(AccessOrigin.AuthorizationDetails, p.Origin));
        Assert.Equal(["initiate", "status", "account"], pairs.Select(p => p.Action["name"]!.GetValue<string>()));
        Assert.Equal("https://bank.example/pay", pairs[0].Resource["id"]!.GetValue<string>());
        Assert.Equal("10", pairs[0].Resource["properties"]!["amount"]!.GetValue<string>());
        Assert.Equal("acct-1", pairs[2].Resource["id"]!.GetValue<string>());
    }

    [Fact]
    public void Subject_AnAgentActingForAUser_UserWithTheAgentInAct()
    {
        var subject = AuthZenMapping.Subject(Agent with { Subject = "alice", DpopJkt = "jkt" });
        var context = AuthZenMapping.Context(Agent with { DpopJkt = "jkt" });

        Assert.Equal("user", subject["type"]!.GetValue<string>());
        Assert.Equal("alice", subject["id"]!.GetValue<string>());
        Assert.Equal("agent", subject["properties"]!["act"]!["sub"]!.GetValue<string>());
        Assert.Equal("agent", context["client_id"]!.GetValue<string>());
        Assert.Equal("jkt", context["dpop_jkt"]!.GetValue<string>());
        Assert.Equal(2, context["resource"]!.AsArray().Count);
    }

    [Fact]
    public void AccessRequest_OneDenial_ResourceAndAction_SeveralDenials_Items()
    {
        var pairs = AuthZenMapping.Pairs(Agent, "api");
        var denial = new JsonObject { ["evaluation_id"] = "ev_1", ["expires_at"] = "2026-11-26T09:10:00Z" };

        var one = JsonNode.Parse(AuthZenMapping.AccessRequest(Agent, [(pairs[0], denial)]))!;
        var many = JsonNode.Parse(AuthZenMapping.AccessRequest(Agent, [.. pairs.Select(p => (p, denial))]))!;

        Assert.Equal("deploy:prod", one["action"]!["name"]!.GetValue<string>());
        Assert.Equal("ev_1", one["denial"]!["evaluation_id"]!.GetValue<string>());
        Assert.Null(one["items"]);
        Assert.Equal(4, many["items"]!.AsArray().Count);
        Assert.Null(many["resource"]);
        Assert.Equal("agent", many["client"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"expires_at":"2026-11-26T09:10:00Z"}""", """{"evaluation_id":"ev_1","reason":"approval_required"}""", true)]
    [InlineData("""{"expires_at":"2026-11-26T09:10:00Z","binding_token":"eyJ.x.y"}""", """{}""", true)]
    [InlineData("""{"expires_at":"2026-11-26T09:10:00Z"}""", """{}""", false)]
    [InlineData("""{"binding_token":"eyJ.x.y"}""", """{"evaluation_id":"ev_1"}""", false)]
    public void Denial_NeedsExpiryAndABindingForm(string accessRequest, string context, bool usable)
    {
        var decision = new PdpDecision(false, JsonNode.Parse(accessRequest)!.AsObject(), JsonNode.Parse(context)!.AsObject());

        Assert.Equal(usable, decision.Denial() is not null);
    }
}
