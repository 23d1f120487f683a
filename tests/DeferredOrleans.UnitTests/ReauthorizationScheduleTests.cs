using DeferredOrleans.Core.Refresh;

namespace DeferredOrleans.UnitTests;

/// <summary>The re-authorization schedule of a refresh grant: the talk's six months, asked at 5.9 (about 3 days before).</summary>
public sealed class ReauthorizationScheduleTests
{
    private static readonly DateTimeOffset Ends = new(2027, 5, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lead = TimeSpan.FromDays(3);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    public static TheoryData<string, double, bool, bool, ReauthorizationStep> Steps() => new()
    {
        { "months before the lead time", -100, false, false, ReauthorizationStep.Wait },
        { "a second before the lead time", -3 - (1 / 86_400.0), false, false, ReauthorizationStep.Wait },
        { "exactly at the lead time", -3, false, false, ReauthorizationStep.Start },
        { "between the lead time and the end", -1, false, false, ReauthorizationStep.Start },
        { "after the end, within the grace (the reminder was late)", 2, false, false, ReauthorizationStep.Start },
        { "already asked", -1, false, true, ReauthorizationStep.Stop },
        { "revoked", -1, true, false, ReauthorizationStep.Stop },
        { "past the end and its grace", 7, false, false, ReauthorizationStep.Stop },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void Step_Case_GivesStep(string because, double daysFromEnd, bool revoked, bool asked, ReauthorizationStep expected)
    {
        var step = ReauthorizationSchedule.Step(Ends.AddDays(daysFromEnd), Ends, Lead, Grace, revoked, asked);

        Assert.True(expected == step, $"{because}: expected {expected}, got {step}");
    }

    [Theory]
    [InlineData(100, 3_600)]
    [InlineData(3 + (600 / 86_400.0), 600)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void NextCheck_DaysBeforeTheEnd_SleepsAtMostOnePeriodAndWakesAtTheAskTime(double daysBeforeEnd, double expectedSeconds)
    {
        var due = ReauthorizationSchedule.NextCheck(Ends.AddDays(-daysBeforeEnd), ReauthorizationSchedule.AskAt(Ends, Lead), TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));

        Assert.Equal(expectedSeconds, due.TotalSeconds, precision: 3);
    }

    [Fact]
    public void Extend_ApprovalEndsLater_MovesTheEndThere()
    {
        var until = Ends.AddDays(177);

        Assert.Equal(until, ReauthorizationSchedule.Extend(Ends, until));
    }

    [Fact]
    public void Extend_ApprovalEndsSooner_NeverShortensTheGrant()
    {
        Assert.Equal(Ends, ReauthorizationSchedule.Extend(Ends, Ends.AddDays(-1)));
    }

    [Fact]
    public void ExpiresAt_IsTheEndPlusTheGrace()
    {
        Assert.Equal(Ends.AddDays(7), ReauthorizationSchedule.ExpiresAt(Ends, Grace));
    }
}
