using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// Separation of duties across stages: by default someone who decided in one stage of a request cannot count in a
/// later stage, so one admin never satisfies a two-stage rule alone; a rule may allow it (DistinctStageApprovers).
/// </summary>
public sealed class DistinctStageTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    public static TheoryData<string, bool, string, string, DeferralStatus> Decisions() => new()
    {
        { "one admin twice", false, "bob+ bob+", "recorded already_decided", DeferralStatus.Pending },
        { "one admin twice, then another", false, "bob+ bob+ carol+", "recorded already_decided recorded", DeferralStatus.Approved },
        { "two admins, one per stage", false, "bob+ dave+", "recorded recorded", DeferralStatus.Approved },
        { "one admin denies twice", false, "bob+ bob-", "recorded already_decided", DeferralStatus.Pending },
        { "one admin twice, where the rule allows it", true, "bob+ bob+", "recorded recorded", DeferralStatus.Approved },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Apply_TwoStagesOfTheSameAdmins_NeedTwoPeopleUnlessTheRuleAllowsOne(string because, bool repeatsCount, string decisions, string expected, DeferralStatus status)
    {
        var state = Pending([AdminStage(0, 1, repeatsCount), AdminStage(1, 1, repeatsCount)]);
        var results = new List<string>();
        foreach (var step in decisions.Split(' '))
        {
            var (outcome, next) = Quorum.Apply(state, new ApproverDecision(step[..^1], step[^1] == '+'), T0 + Soon);
            results.Add(outcome.Result == DecisionResult.Recorded ? "recorded" : outcome.Result == DecisionResult.AlreadyDecided ? "already_decided" : outcome.Result.ToString());
            state = next;
        }

        Assert.True(expected == string.Join(' ', results), $"{because}: {string.Join(' ', results)}");
        Assert.Equal(status, state.StatusAt(T0 + Soon));
    }

    [Fact]
    public void Settle_LaterStageWithTooFewPeopleLeft_IsDenied()
    {
        var state = Pending([AdminStage(0, 1, false), new ApprovalRequirement("pair", ApprovalRoute.Group, ["bob", "carol"], 2, Stage: 1)]);

        var (outcome, _) = Quorum.Apply(state, new ApproverDecision("bob", true), T0 + Soon);

        Assert.Equal(DeferralStatus.Denied, outcome.Status);
    }

    [Theory]
    [InlineData(false, DeferralStatus.Pending)]
    [InlineData(true, DeferralStatus.Approved)]
    public void Create_OneApproversStandingDecisionsInBothStages_CountOnlyOnceUnlessTheRuleAllows(bool repeatsCount, DeferralStatus expected)
    {
        var plan = Pending([AdminStage(0, 1, repeatsCount), AdminStage(1, 1, repeatsCount)]).Plan!;
        ImmutableArray<RecordedDecision> standing = [new("dave", true, T0, "standing decision", "sd-1", 0), new("dave", true, T0, "standing decision", "sd-1", 1)];

        var state = Quorum.Settle(DeferralState.Create(new DeferralStart(new DeferredTokenRequest("agent", "client_credentials", "agent", ["change:prod"], []), plan, InitialDecisions: standing), T0), T0);

        Assert.Equal(expected, state.Status);
    }

    [Theory]
    [InlineData(true, 1, "deferred, earlier stage approvers do not count")]
    [InlineData(false, 1, "deferred, earlier stage approvers count")]
    [InlineData(true, 2, "denied")]
    [InlineData(false, 2, "deferred, earlier stage approvers count")]
    public void Route_TwoStagesOfOneGroup_CarriesTheRuleOptionAndRefusesWhatDistinctPeopleCannotMeet(bool distinct, int quorum, string expected)
    {
        var directory = OrganizationDirectory.From(new DirectoryOptions
        {
            Users = [new DirectoryUser { Id = "bob" }, new DirectoryUser { Id = "carol" }, new DirectoryUser { Id = "dave" }],
            Groups = [new DirectoryGroup { Id = "admins", Members = ["bob", "carol", "dave"] }],
        });
        var policy = AccessPolicy.Compile(new PolicyOptions
        {
            Rules =
            [
                new PolicyRuleOptions
                {
                    Name = "change-prod", Outcome = "defer", Match = { Scopes = ["change:prod"] }, DistinctStageApprovers = distinct,
                    Stages =
                    [
                        new StageOptions { Name = "first", Approvers = new ApproverRouteOptions { Group = "admins" }, Quorum = quorum },
                        new StageOptions { Name = "second", Approvers = new ApproverRouteOptions { Group = "admins" }, Quorum = quorum },
                    ],
                },
            ],
        }, directory);

        var decision = policy.Evaluate(new TokenRequestFacts("agent", "client_credentials", "agent", ["change:prod"], [], []), directory);

        Assert.Equal(expected, decision switch
        {
            PolicyDecision.Deferred d => d.Requirements.All(r => r.EarlierStageApproversCount) ? "deferred, earlier stage approvers count" : "deferred, earlier stage approvers do not count",
            PolicyDecision.Denied { Reason: DenialReason.NoEligibleApprover } => "denied",
            _ => decision.ToString(),
        });
    }

    private static ApprovalRequirement AdminStage(int stage, int quorum, bool repeatsCount) =>
        new(stage == 0 ? "first" : "second", ApprovalRoute.Group, ["bob", "carol", "dave"], quorum, Stage: stage, EarlierStageApproversCount: repeatsCount);
}
