using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

public sealed class StepUpTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromMinutes(1);

    private static readonly AuthenticationRequirement PasskeyWithin5Minutes = new(["hwk"], TimeSpan.FromMinutes(5));

    private static DecisionAuthentication Signed(string methods, TimeSpan ago) => new([.. methods.Split(' ')], T0 + Soon - ago);

    public static TheoryData<string?, int?, bool> Cases() => new()
    {
        // methods of the session (null: none), seconds since its sign-in, whether a passkey within 5 minutes is met
        { "hwk user", 0, true },
        { "hwk user", 300, true },
        { "hwk user", 301, false },
        { "pwd", 0, false },
        { "pwd hwk", 10, true },
        { "HWK", 0, false },
        { null, null, false },
        { "hwk", -30, true },
        { "hwk", -31, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Satisfies_PasskeyWithinFiveMinutes_JudgesMethodAndAge(string? methods, int? secondsAgo, bool expected)
    {
        var presented = methods is null ? null : Signed(methods, TimeSpan.FromSeconds(secondsAgo!.Value));

        Assert.Equal(expected, StepUp.Satisfies(PasskeyWithin5Minutes, presented, T0 + Soon));
    }

    [Fact]
    public void Satisfies_NoRequirement_AcceptsEvenNoAuthentication() =>
        Assert.True(StepUp.Satisfies(null, null, T0));

    [Fact]
    public void Satisfies_NoMaxAge_AcceptsAnOldSignIn() =>
        Assert.True(StepUp.Satisfies(new AuthenticationRequirement(["hwk"]), Signed("hwk", TimeSpan.FromDays(1)), T0 + Soon));

    [Fact]
    public void Apply_ApprovalWithPasswordOnly_IsRefusedAndChangesNothing()
    {
        var state = Pending([Owner() with { Authentication = PasskeyWithin5Minutes }]);

        var (outcome, after) = Quorum.Apply(state, new ApproverDecision("alice", true, Authentication: Signed("pwd", TimeSpan.Zero)), T0 + Soon);

        Assert.Equal((DecisionResult.StepUpRequired, DeferralStatus.Pending), (outcome.Result, outcome.Status));
        Assert.Equal(PasskeyWithin5Minutes, outcome.StepUp);
        Assert.Same(state, after);
    }

    [Fact]
    public void Apply_ApprovalWithStalePasskey_IsRefused()
    {
        var state = Pending([Owner() with { Authentication = PasskeyWithin5Minutes }]);

        var (outcome, _) = Quorum.Apply(state, new ApproverDecision("alice", true, Authentication: Signed("hwk user", TimeSpan.FromMinutes(6))), T0 + Soon);

        Assert.Equal(DecisionResult.StepUpRequired, outcome.Result);
    }

    [Fact]
    public void Apply_ApprovalWithFreshPasskey_ApprovesAndRecordsTheAuthentication()
    {
        var state = Pending([Owner() with { Authentication = PasskeyWithin5Minutes }]);
        var passkey = Signed("hwk user", TimeSpan.FromMinutes(2));

        var (outcome, after) = Quorum.Apply(state, new ApproverDecision("alice", true, Authentication: passkey), T0 + Soon);

        Assert.Equal((DecisionResult.Recorded, DeferralStatus.Approved), (outcome.Result, outcome.Status));
        Assert.Equal(passkey, Assert.Single(after.Decisions).Authentication);
    }

    [Fact]
    public void Apply_DenialWithPasswordOnly_IsRecorded()
    {
        var state = Pending([Owner() with { Authentication = PasskeyWithin5Minutes }]);

        var (outcome, _) = Quorum.Apply(state, new ApproverDecision("alice", false, Authentication: Signed("pwd", TimeSpan.Zero)), T0 + Soon);

        Assert.Equal((DecisionResult.Recorded, DeferralStatus.Denied), (outcome.Result, outcome.Status));
    }

    [Fact]
    public void Required_ForAnApproverOfAnotherStage_IsNothingYet()
    {
        var stages = Pending([Owner() with { Stage = 0 }, Admins(quorum: 1) with { Stage = 1, Authentication = PasskeyWithin5Minutes }]);

        Assert.Null(StepUp.Required(stages, "bob", T0 + Soon));
        Assert.Null(StepUp.Required(stages, "alice", T0 + Soon));
        Assert.Equal(PasskeyWithin5Minutes, StepUp.Required(stages.Decide("alice", true, Soon), "bob", T0 + Soon));
    }

    [Fact]
    public void Evidence_RecordsEachApproversMethodsInTheirOrder()
    {
        var state = Pending([Admins(quorum: 2)]);
        var afterBob = Quorum.Apply(state, new ApproverDecision("bob", true, Authentication: Signed("hwk user", TimeSpan.Zero)), T0 + Soon).State;
        var approved = Quorum.Apply(afterBob, new ApproverDecision("carol", true, Authentication: Signed("pwd", TimeSpan.Zero)), T0 + Soon).State;

        var evidence = Quorum.Evidence(approved, "approval-1");

        Assert.Equal(["bob", "carol"], evidence.Approvers.ToArray());
        Assert.Equal(["hwk user", "pwd"], evidence.Methods!.Value.Select(m => string.Join(' ', m)));
    }

    [Fact]
    public void Evidence_ApprovalWithoutSignIn_HasNoMethods()
    {
        var approved = Pending().Decide("alice", true, Soon);

        Assert.True(Assert.Single(Quorum.Evidence(approved, "approval-1").Methods!.Value).IsEmpty);
    }
}
