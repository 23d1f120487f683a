using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

public sealed class QuorumTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public void Apply_TwoOfThree_NeedsTwoDistinctApprovers()
    {
        var state = Pending([Admins()]);

        var (first, afterOne) = Quorum.Apply(state, new ApproverDecision("bob", true), T0 + Soon);
        var (again, afterAgain) = Quorum.Apply(afterOne, new ApproverDecision("bob", true), T0 + Soon);
        var (second, afterTwo) = Quorum.Apply(afterAgain, new ApproverDecision("carol", true), T0 + Soon);

        Assert.Equal((DecisionResult.Recorded, DeferralStatus.Pending), (first.Result, first.Status));
        Assert.Equal((DecisionResult.AlreadyDecided, DeferralStatus.Pending), (again.Result, again.Status));
        Assert.Equal((DecisionResult.Recorded, DeferralStatus.Approved), (second.Result, second.Status));
        Assert.Equal(T0 + Soon, afterTwo.ResolvedAt);
    }

    [Fact]
    public void Apply_DenialWithVeto_DeniesAtOnce()
    {
        var state = Pending([Admins(veto: true)]).Decide("bob", true, Soon);

        var (outcome, _) = Quorum.Apply(state, new ApproverDecision("carol", false), T0 + Soon);

        Assert.Equal(DeferralStatus.Denied, outcome.Status);
    }

    [Fact]
    public void Apply_DenialsWithoutVeto_DenyOnlyWhenQuorumIsOutOfReach()
    {
        var state = Pending([Admins(veto: false)]);

        var afterOne = state.Decide("bob", false, Soon);
        var afterTwo = afterOne.Decide("carol", false, Soon);

        Assert.Equal(DeferralStatus.Pending, afterOne.Status);
        Assert.Equal(DeferralStatus.Denied, afterTwo.Status);
    }

    [Theory]
    [InlineData("mallory", DecisionResult.NotRouted)]
    [InlineData("agent", DecisionResult.SelfApprovalForbidden)]
    public void Apply_ByWrongPerson_ChangesNothing(string approver, DecisionResult expected)
    {
        var state = Pending();

        var (outcome, after) = Quorum.Apply(state, new ApproverDecision(approver, true), T0 + Soon);

        Assert.Equal(expected, outcome.Result);
        Assert.Same(state, after);
    }

    [Fact]
    public void Apply_SubjectAllowedToSelfApprove_IsRecorded()
    {
        var state = Pending([Owner("alice")], subject: "alice", allowSelfApproval: true);

        var (outcome, _) = Quorum.Apply(state, new ApproverDecision("alice", true), T0 + Soon);

        Assert.Equal((DecisionResult.Recorded, DeferralStatus.Approved), (outcome.Result, outcome.Status));
    }

    [Fact]
    public void Apply_AfterExpiry_IsNotPending()
    {
        var state = Pending(expiresIn: TimeSpan.FromMinutes(1));

        var (outcome, after) = Quorum.Apply(state, new ApproverDecision("alice", true), T0.AddMinutes(1));

        Assert.Equal((DecisionResult.NotPending, DeferralStatus.Expired), (outcome.Result, outcome.Status));
        Assert.Same(state, after);
    }

    [Fact]
    public void Apply_AfterResolution_IsNotPending()
    {
        var state = Pending([Admins()]).Decide("bob", false, Soon);

        var (outcome, _) = Quorum.Apply(state, new ApproverDecision("carol", true), T0 + Soon);

        Assert.Equal((DecisionResult.NotPending, DeferralStatus.Denied), (outcome.Result, outcome.Status));
    }

    [Fact]
    public void Apply_SeveralRequirements_NeedsEveryOne()
    {
        var state = Pending([Owner("alice"), Admins(quorum: 1)]);

        var ownerOnly = state.Decide("alice", true, Soon);
        var both = ownerOnly.Decide("dave", true, Soon);

        Assert.Equal(DeferralStatus.Pending, ownerOnly.Status);
        Assert.Equal(DeferralStatus.Approved, both.Status);
        Assert.Equal("multi_party", Quorum.Evidence(both, "id").Method);
    }

    [Fact]
    public void Evidence_Quorum_CountsApproversAndBoundsTheApproval()
    {
        var state = Pending([Admins()], approvalLifetime: TimeSpan.FromMinutes(30))
            .Decide("bob", true, TimeSpan.FromSeconds(5))
            .Decide("dave", true, TimeSpan.FromSeconds(9));

        var evidence = Quorum.Evidence(state, "approval-1");

        Assert.Equal("approval-1", evidence.Id);
        Assert.Equal("quorum", evidence.Method);
        Assert.Equal((2, 3, 2), (evidence.Required, evidence.Of, evidence.Approved));
        Assert.Equal<string>(["bob", "dave"], evidence.Approvers);
        Assert.Equal(T0.AddSeconds(9), evidence.ApprovedAt);
        Assert.Equal(T0.AddSeconds(9).AddMinutes(30), evidence.ApprovedUntil);
    }

    [Fact]
    public void Evidence_OfPendingDeferral_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Quorum.Evidence(Pending(), "id"));
    }
}
