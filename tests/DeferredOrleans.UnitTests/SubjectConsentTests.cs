using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// CIBA on top of the policy: the hinted user's consent is added to the route the policy chose, never put in its
/// place; the policy's owner, quorum, stages and timing stay.
/// </summary>
public sealed class SubjectConsentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static readonly OrganizationDirectory Directory = OrganizationDirectory.From(new DirectoryOptions
    {
        Users = [User("alice"), User("bob", manager: "mia"), User("carol"), User("dave"), User("mia"), User("sam")],
        Groups = [new DirectoryGroup { Id = "admins", Members = ["bob", "carol", "dave"] }, new DirectoryGroup { Id = "security", Members = ["sam"] }],
        Resources = [new ResourceOwnership { Pattern = "doc-789", Owner = "alice" }],
    });

    private static readonly AccessPolicy Policy = AccessPolicy.Compile(new PolicyOptions
    {
        Rules =
        [
            new PolicyRuleOptions { Name = "openid", Outcome = "allow", Match = { Scopes = ["openid", "docs:read"] } },
            new PolicyRuleOptions { Name = "no-deletes", Outcome = "deny", Match = { Scopes = ["doc:delete"] } },
            new PolicyRuleOptions
            {
                Name = "write-doc", Outcome = "defer", Match = { Scopes = ["doc:write"] }, Approvers = new ApproverRouteOptions { ResourceOwner = true },
                ExpiresIn = 120, Interval = 10, ApprovalLifetime = 300,
            },
            new PolicyRuleOptions { Name = "user-admin", Outcome = "defer", Match = { Scopes = ["admin:users"] }, Approvers = new ApproverRouteOptions { Group = "admins" }, Quorum = 2 },
            new PolicyRuleOptions
            {
                Name = "payments", Outcome = "defer", Match = { Scopes = ["payments"] },
                Stages =
                [
                    new StageOptions { Name = "manager", Approvers = new ApproverRouteOptions { Manager = true } },
                    new StageOptions { Name = "security", Approvers = new ApproverRouteOptions { Group = "security" } },
                ],
            },
            new PolicyRuleOptions { Name = "step-up", Outcome = "defer", Match = { Scopes = ["profile:write"] }, Interaction = true },
        ],
    }, Directory);

    public static TheoryData<string, string[], string[], string, string> Routes() => new()
    {
        { "allowed scopes: the subject alone", ["openid", "docs:read"], [], "alice", "user=alice/0" },
        { "the owner's document: subject and owner", ["openid", "doc:write"], ["doc-789"], "bob", "user=bob/0,owner=alice/0" },
        { "a quorum rule keeps its quorum, without the subject", ["openid", "admin:users"], [], "bob", "user=bob/0,quorum=carol+dave/0 of 2" },
        { "stages stay stages", ["openid", "payments"], [], "bob", "user=bob/0,manager=mia/0,security=sam/1" },
        { "interaction only: the subject's consent is the interaction", ["openid", "profile:write"], [], "bob", "user=bob/0" },
        { "a denied scope stays denied", ["openid", "doc:delete"], [], "bob", "denied" },
        { "the owner is the subject and may not self-approve", ["openid", "doc:write"], ["doc-789"], "alice", "denied" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Require_PolicyDecision_AddsTheSubjectsConsentToTheRoute(string because, string[] scopes, string[] resources, string subject, string expected)
    {
        var decision = SubjectConsent.Require(Policy.Evaluate(Facts(scopes, resources, subject), Directory), subject, FiveMinutes, 5, FiveMinutes);

        Assert.True(expected == Describe(decision), $"{because}: expected {expected}, got {Describe(decision)}");
    }

    [Fact]
    public void Require_DeferringRule_TakesTheStricterTimingAndDropsTheInteractionPage()
    {
        var owner = Assert.IsType<PolicyDecision.Deferred>(SubjectConsent.Require(
            Policy.Evaluate(Facts(["openid", "doc:write"], ["doc-789"], "bob"), Directory), "bob", FiveMinutes, 5, TimeSpan.FromMinutes(10)));
        var stepUp = Assert.IsType<PolicyDecision.Deferred>(SubjectConsent.Require(
            Policy.Evaluate(Facts(["openid", "profile:write"], [], "bob"), Directory), "bob", FiveMinutes, 5, FiveMinutes));

        Assert.Equal((TimeSpan.FromSeconds(120), 10, FiveMinutes), (owner.ExpiresIn, owner.IntervalSeconds, owner.ApprovalLifetime));
        Assert.Equal<string>(["write-doc"], owner.Rules);
        Assert.False(stepUp.RequiresInteraction);
    }

    [Fact]
    public void Quorum_SubjectConsentRoute_TheSubjectDecidesButCountsOnlyForTheirConsent()
    {
        var deferred = Assert.IsType<PolicyDecision.Deferred>(SubjectConsent.Require(
            Policy.Evaluate(Facts(["openid", "admin:users"], [], "bob"), Directory), "bob", FiveMinutes, 5, FiveMinutes));
        var state = DeferralState.Create(new DeferralStart(new DeferredTokenRequest("ciba", "urn:openid:params:grant-type:ciba", "bob", ["openid", "admin:users"], []), deferred.ToPlan(Now)), Now);

        var (bob, afterBob) = Quorum.Apply(state, new ApproverDecision("bob", true), Now);
        var afterCarol = Quorum.Apply(afterBob, new ApproverDecision("carol", true), Now).State;
        var afterDave = Quorum.Apply(afterCarol, new ApproverDecision("dave", true), Now).State;

        Assert.Equal((DecisionResult.Recorded, DeferralStatus.Pending), (bob.Result, bob.Status));
        Assert.Equal(new[] { 1, 0 }, bob.Progress.Select(p => p.Approved).ToArray());
        Assert.Equal(DeferralStatus.Pending, afterCarol.Status);
        Assert.Equal(DeferralStatus.Approved, afterDave.Status);
        Assert.Equal((3, 3), (Quorum.Evidence(afterDave, "id").Required, Quorum.Evidence(afterDave, "id").Approved));
    }

    [Fact]
    public void Quorum_WithoutASubjectConsentRoute_TheSubjectStillMayNotDecide()
    {
        var deferred = Assert.IsType<PolicyDecision.Deferred>(Policy.Evaluate(Facts(["admin:users"], [], "bob"), Directory));
        var state = DeferralState.Create(new DeferralStart(new DeferredTokenRequest("agent", "client_credentials", "bob", ["admin:users"], []), deferred.ToPlan(Now)), Now);

        Assert.Equal(DecisionResult.SelfApprovalForbidden, Quorum.Apply(state, new ApproverDecision("bob", true), Now).Outcome.Result);
    }

    private static TokenRequestFacts Facts(string[] scopes, string[] resources, string subject) =>
        new("ciba", "urn:openid:params:grant-type:ciba", subject, [.. scopes], [.. resources], []) { Now = Now };

    private static string Describe(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Deferred d => string.Join(',', d.Requirements.Select(r => $"{r.Name}={string.Join('+', r.Approvers)}/{r.Stage}{(r.Quorum > 1 ? $" of {r.Quorum}" : "")}")),
        PolicyDecision.Denied => "denied",
        _ => "allowed",
    };

    private static DirectoryUser User(string id, string? manager = null) => new() { Id = id, Manager = manager };
}
