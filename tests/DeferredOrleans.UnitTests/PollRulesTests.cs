using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;
using static DeferredOrleans.UnitTests.Deferrals;

namespace DeferredOrleans.UnitTests;

public sealed class PollRulesTests
{
    private static readonly DeferralOptions Strict = new() { PollTolerance = TimeSpan.Zero, Retention = TimeSpan.FromDays(1) };

    public static TheoryData<string, DeferralState, string, double, PollVerdict> Cases()
    {
        var pending = Pending();
        var approved = pending.Decide("alice", approve: true, TimeSpan.FromSeconds(30));
        var denied = pending.Decide("alice", approve: false, TimeSpan.FromSeconds(30));
        return new()
        {
            { "no such deferral", new DeferralState(), "agent", 60, PollVerdict.Unknown },
            { "another client's code", pending, "intruder", 60, PollVerdict.Unknown },
            { "pending after the interval", pending, "agent", 5, PollVerdict.Pending },
            { "first poll sooner than the interval after the deferred response", pending, "agent", 4.9, PollVerdict.SlowDown },
            { "denied", denied, "agent", 60, PollVerdict.Denied },
            { "cancelled", pending with { Status = DeferralStatus.Cancelled }, "agent", 60, PollVerdict.Denied },
            { "approved", approved, "agent", 60, PollVerdict.Issued },
            { "approved but collected after the code expired", approved, "agent", 600, PollVerdict.Expired },
            { "pending past expiry", pending, "agent", 600, PollVerdict.Expired },
            { "expired and recorded", pending with { Status = DeferralStatus.Expired }, "agent", 60, PollVerdict.Expired },
            { "already redeemed", approved with { Status = DeferralStatus.Redeemed }, "agent", 60, PollVerdict.Redeemed },
            { "another client's redeemed code", approved with { Status = DeferralStatus.Redeemed }, "intruder", 60, PollVerdict.Unknown },
            { "purged after retention", pending, "agent", 600 + 86_400, PollVerdict.Unknown },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Case_GivesVerdict(string because, DeferralState state, string clientId, double secondsAfterCreation, PollVerdict expected)
    {
        var decision = PollRules.Evaluate(state, new PollRequest(clientId), T0.AddSeconds(secondsAfterCreation), default, Strict);

        Assert.True(expected == decision.Verdict, $"{because}: expected {expected}, got {decision.Verdict}");
    }

    [Fact]
    public void Evaluate_ApprovalOlderThanItsLifetime_IsDenied()
    {
        var state = Pending(expiresIn: TimeSpan.FromHours(2), approvalLifetime: TimeSpan.FromMinutes(5))
            .Decide("alice", approve: true, TimeSpan.FromMinutes(1));

        Assert.Equal(PollVerdict.Issued, PollRules.Evaluate(state, new PollRequest("agent"), T0.AddMinutes(5.9), default, Strict).Verdict);
        Assert.Equal(PollVerdict.Denied, PollRules.Evaluate(state, new PollRequest("agent"), T0.AddMinutes(6), default, Strict).Verdict);
    }

    [Fact]
    public void Evaluate_Pending_DescribesProgressWithoutNames()
    {
        var state = Pending([Admins()]).Decide("bob", approve: true, TimeSpan.FromSeconds(1));

        var decision = PollRules.Evaluate(state, new PollRequest("agent"), T0.AddSeconds(10), default, Strict);

        Assert.Equal("step=quorum;approved=1;required=2", decision.Progress);
    }

    [Fact]
    public void Evaluate_AfterSlowDown_OldIntervalIsTooFastAndIntervalPlusFiveIsNot()
    {
        var state = Pending(interval: 5);
        var first = PollRules.Evaluate(state, new PollRequest("agent"), T0.AddSeconds(5), default, Strict);
        var tooFast = PollRules.Evaluate(state, new PollRequest("agent"), T0.AddSeconds(6), first.Memory, Strict);
        Assert.Equal(PollVerdict.Pending, first.Verdict);
        Assert.Equal(PollVerdict.SlowDown, tooFast.Verdict);

        // RFC 8628 §3.5: the interval is now 10 s, measured from the last request.
        var atOldInterval = PollRules.Evaluate(state, new PollRequest("agent"), T0.AddSeconds(11), tooFast.Memory, Strict);
        Assert.Equal(PollVerdict.SlowDown, atOldInterval.Verdict);

        var atNewInterval = PollRules.Evaluate(state, new PollRequest("agent"), T0.AddSeconds(11 + 15), atOldInterval.Memory, Strict);
        Assert.Equal(PollVerdict.Pending, atNewInterval.Verdict);
        Assert.Equal(2, atNewInterval.Memory.SlowDowns);
    }

    [Fact]
    public void Evaluate_OneSlowDownThenIntervalPlusFive_IsPending()
    {
        var state = Pending(interval: 5);
        var tooFast = PollRules.Evaluate(state, new PollRequest("agent"), T0.AddSeconds(1), default, Strict);

        var next = PollRules.Evaluate(state, new PollRequest("agent"), T0.AddSeconds(1 + 10), tooFast.Memory, Strict);

        Assert.Equal(PollVerdict.SlowDown, tooFast.Verdict);
        Assert.Equal(PollVerdict.Pending, next.Verdict);
    }

    [Fact]
    public void Evaluate_WithinTolerance_IsNotTooFast()
    {
        var tolerant = new DeferralOptions { PollTolerance = TimeSpan.FromSeconds(1) };

        var decision = PollRules.Evaluate(Pending(interval: 5), new PollRequest("agent"), T0.AddSeconds(4.2), default, tolerant);

        Assert.Equal(PollVerdict.Pending, decision.Verdict);
    }

    [Fact]
    public void Evaluate_UnknownCode_LeavesMemoryAlone()
    {
        var memory = new PollMemory(T0, 3);

        var decision = PollRules.Evaluate(Pending(), new PollRequest("intruder"), T0.AddSeconds(1), memory, Strict);

        Assert.Equal(memory, decision.Memory);
    }
}
