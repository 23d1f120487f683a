using System.Text.Json;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.UnitTests;

public sealed class PolicyTests
{
    private static readonly OrganizationDirectory Directory = OrganizationDirectory.From(new DirectoryOptions
    {
        Users = [User("alice"), User("bob"), User("carol"), User("dave"), User("change-board")],
        Groups = [new DirectoryGroup { Id = "admins", Members = ["bob", "carol", "dave"] }],
        Resources =
        [
            new ResourceOwnership { Pattern = "doc-789", Owner = "alice" },
            new ResourceOwnership { Pattern = "doc-*", Owner = "bob" },
        ],
    });

    private static readonly AccessPolicy Demo = AccessPolicy.Compile(new PolicyOptions
    {
        Rules =
        [
            Rule("read-docs", "allow", m => m.Scopes = ["docs:read"]),
            Rule("no-deletes", "deny", m => m.Scopes = ["doc:delete"]),
            Rule("write-doc", "defer", m => m.Scopes = ["doc:write"], r => r.Approvers = new ApproverRouteOptions { ResourceOwner = true }),
            Rule("admin-users", "defer", m => m.Scopes = ["admin:users"], r =>
            {
                r.Approvers = new ApproverRouteOptions { Group = "admins" };
                r.Quorum = 2;
                r.ExpiresIn = 3600;
                r.Interval = 10;
            }),
            Rule("big-payments", "defer", m => m.AuthorizationDetailTypes = ["payment*"], r => r.Approvers = new ApproverRouteOptions { Users = ["change-board"] }),
        ],
    }, Directory);

    public static TheoryData<string, string[], string[], string[], string> Decisions() => new()
    {
        { "an allowed scope", ["docs:read"], [], [], "allowed" },
        { "a scope no rule matches", ["docs:write"], [], [], "denied:Scope" },
        { "a denied scope", ["doc:delete"], [], [], "denied:Scope" },
        { "an allowed and a denied scope", ["docs:read", "doc:delete"], [], [], "denied:Scope" },
        { "a write to an owned document", ["doc:write"], ["doc-789"], [], "deferred:owner=alice" },
        { "a write to a document owned by pattern", ["doc:write"], ["doc-42"], [], "deferred:owner=bob" },
        { "a write to two documents of two owners", ["doc:write"], ["doc-789", "doc-1"], [], "deferred:owner=alice,owner=bob" },
        { "a write with no resource", ["doc:write"], [], [], "denied:Target" },
        { "a write to a resource nobody owns", ["doc:write"], ["https://elsewhere.example/x"], [], "denied:Target" },
        { "user administration", ["admin:users"], [], [], "deferred:quorum=bob+carol+dave" },
        { "a read and a write together", ["docs:read", "doc:write"], ["doc-789"], [], "deferred:owner=alice" },
        { "a payment by authorization_details type", [], [], ["payment_initiation"], "deferred:approver=change-board" },
        { "an unknown authorization_details type", [], [], ["account_information"], "denied:AuthorizationDetails" },
        { "nothing at all", [], [], [], "denied:Scope" },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Evaluate_Request_DecidesAsConfigured(string because, string[] scopes, string[] resources, string[] types, string expected)
    {
        var decision = Demo.Evaluate(Facts(scopes, resources, types), Directory);

        Assert.True(expected == Describe(decision), $"{because}: expected {expected}, got {Describe(decision)}");
    }

    [Fact]
    public void Evaluate_GroupRule_CarriesItsTiming()
    {
        var decision = Assert.IsType<PolicyDecision.Deferred>(Demo.Evaluate(Facts(["admin:users"]), Directory));

        Assert.Equal(TimeSpan.FromHours(1), decision.ExpiresIn);
        Assert.Equal(10, decision.IntervalSeconds);
        Assert.Equal(2, decision.Requirements.Single().Quorum);
        Assert.Equal<string>(["admin-users"], decision.Rules);
    }

    [Fact]
    public void Evaluate_OwnerIsTheSubject_HasNobodyToAsk()
    {
        var decision = Demo.Evaluate(Facts(["doc:write"], ["doc-789"], subject: "alice"), Directory);

        Assert.Equal(DenialReason.NoEligibleApprover, Assert.IsType<PolicyDecision.Denied>(decision).Reason);
    }

    [Fact]
    public void Evaluate_SubjectInGroup_IsLeftOutOfTheQuorum()
    {
        var decision = Assert.IsType<PolicyDecision.Deferred>(Demo.Evaluate(Facts(["admin:users"], subject: "bob"), Directory));

        Assert.Equal<string>(["carol", "dave"], decision.Requirements.Single().Approvers);
    }

    [Fact]
    public void Evaluate_RuleScopedToAClient_IgnoresOtherClients()
    {
        var policy = AccessPolicy.Compile(new PolicyOptions
        {
            Rules = [Rule("agent-only", "allow", m => { m.Clients = ["agent*"]; m.Scopes = ["docs:read"]; })],
        }, Directory);

        Assert.IsType<PolicyDecision.Allowed>(policy.Evaluate(Facts(["docs:read"], client: "agent-7"), Directory));
        Assert.IsType<PolicyDecision.Denied>(policy.Evaluate(Facts(["docs:read"], client: "robot"), Directory));
    }

    public static TheoryData<PolicyRuleOptions, string> BadRules() => new()
    {
        { Rule("", "allow"), "rule #1 has no name" },
        { Rule("odd", "maybe"), "rule 'odd' has outcome 'maybe'" },
        { Rule("lost", "defer"), "rule 'lost' must name exactly one approver route" },
        { Rule("two-routes", "defer", r: r => r.Approvers = new ApproverRouteOptions { ResourceOwner = true, Group = "admins" }), "exactly one approver route" },
        { Rule("ghosts", "defer", r: r => r.Approvers = new ApproverRouteOptions { Group = "ghosts" }), "rule 'ghosts' names unknown group 'ghosts'" },
        { Rule("greedy", "defer", r: r => { r.Approvers = new ApproverRouteOptions { Group = "admins" }; r.Quorum = 4; }), "needs more approvals than group 'admins' has members" },
        { Rule("stranger", "defer", r: r => r.Approvers = new ApproverRouteOptions { Users = ["zed"] }), "names unknown approver 'zed'" },
        { Rule("impatient", "defer", r: r => { r.Approvers = new ApproverRouteOptions { ResourceOwner = true }; r.Interval = 60; r.ExpiresIn = 60; }), "Interval that is not shorter than ExpiresIn" },
        { Rule("open", "allow", r: r => r.ApproverAuthentication = new ApproverAuthenticationOptions { Methods = ["hwk"] }), "rule 'open' has ApproverAuthentication, but no approvers to ask" },
        { Rule("vague", "defer", r: r => { r.Approvers = new ApproverRouteOptions { ResourceOwner = true }; r.ApproverAuthentication = new ApproverAuthenticationOptions(); }), "rule 'vague' has ApproverAuthentication without Methods" },
        { Rule("odd-amr", "defer", r: r => { r.Approvers = new ApproverRouteOptions { ResourceOwner = true }; r.ApproverAuthentication = new ApproverAuthenticationOptions { Methods = ["pass key"] }; }), "method 'pass key'" },
        { Rule("ageless", "defer", r: r => { r.Approvers = new ApproverRouteOptions { ResourceOwner = true }; r.ApproverAuthentication = new ApproverAuthenticationOptions { Methods = ["hwk"], MaxAge = 0 }; }), "MaxAge that is not a positive number" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Compile_BadRule_IsRejectedWithItsName(PolicyRuleOptions rule, string expected)
    {
        var error = Assert.Throws<ConfigurationProblemException>(() => AccessPolicy.Compile(new PolicyOptions { Rules = [rule] }, Directory));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_DuplicateNames_AreRejected()
    {
        var error = Assert.Throws<ConfigurationProblemException>(() =>
            AccessPolicy.Compile(new PolicyOptions { Rules = [Rule("twin", "allow"), Rule("twin", "deny")] }, Directory));

        Assert.Contains("rule 'twin' is defined more than once", error.Problems);
    }

    [Fact]
    public void Directory_UnknownMemberAndOwner_AreRejected()
    {
        var error = Assert.Throws<ConfigurationProblemException>(() => OrganizationDirectory.From(new DirectoryOptions
        {
            Users = [User("alice")],
            Groups = [new DirectoryGroup { Id = "g", Members = ["alice", "zed"] }],
            Resources = [new ResourceOwnership { Pattern = "x", Owner = "yuri" }],
        }));

        Assert.Equal(["group 'g' names unknown member 'zed'", "resource 'x' names unknown owner 'yuri'"], error.Problems);
    }

    [Theory]
    [InlineData("doc-*", "doc-789", true)]
    [InlineData("doc-*", "doc-", true)]
    [InlineData("doc-*", "docs", false)]
    [InlineData("*:read", "docs:read", true)]
    [InlineData("a*b*c", "a-x-b-y-c", true)]
    [InlineData("a*b*c", "a-x-c-y-b", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void Glob_Pattern_MatchesAsExpected(string pattern, string value, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, value));

    private static TokenRequestFacts Facts(string[] scopes, string[]? resources = null, string[]? types = null, string subject = "agent", string client = "agent") =>
        new(client, "client_credentials", subject, [.. scopes], [.. resources ?? []], [.. types ?? []])
        {
            AuthorizationDetails = types is { Length: > 0 } ? JsonSerializer.Serialize(types.Select(t => new { type = t })) : null,
        };

    private static string Describe(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Allowed => "allowed",
        PolicyDecision.Denied d => $"denied:{d.Reason}",
        PolicyDecision.Deferred d => "deferred:" + string.Join(',', d.Requirements.Select(r => $"{r.Name}={string.Join('+', r.Approvers)}")),
        _ => "?",
    };

    private static DirectoryUser User(string id) => new() { Id = id };

    private static PolicyRuleOptions Rule(string name, string outcome, Action<RuleMatchOptions>? match = null, Action<PolicyRuleOptions>? r = null)
    {
        var rule = new PolicyRuleOptions { Name = name, Outcome = outcome };
        match?.Invoke(rule.Match);
        r?.Invoke(rule);
        return rule;
    }
}
