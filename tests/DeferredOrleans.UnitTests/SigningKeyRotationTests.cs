using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.Keys;

namespace DeferredOrleans.UnitTests;

/// <summary>The signing keys' life as a pure function of the schedule and the time.</summary>
public sealed class SigningKeyRotationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(11);
    private static readonly KeyRotationRequest Request = new(Delay, Lifetime);

    [Fact]
    public void Advance_EmptyRing_CurrentSignsAtOnceAndNextIsPublished()
    {
        var schedule = SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids());

        Assert.Equal<SigningKeyInfo>(
            [new SigningKeyInfo("k1", SigningKeyState.Current, T0, ActivatedAt: T0), new SigningKeyInfo("k2", SigningKeyState.Next, T0)],
            schedule.Keys);
        Assert.Null(schedule.Pending);
    }

    [Fact]
    public void Advance_NothingDue_ChangesNothing()
    {
        var schedule = SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids());

        var later = SigningKeyRotation.Advance(schedule, T0 + TimeSpan.FromDays(30), Ids("unused"));

        Assert.Equal<SigningKeyInfo>(schedule.Keys, later.Keys);
    }

    [Fact]
    public void Rotate_NextPublishedLongEnough_PromotesItRetiresTheCurrentAndPublishesANewNext()
    {
        var schedule = SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids());
        var at = T0 + Delay;

        var (outcome, rotated) = SigningKeyRotation.Rotate(schedule, Request, at, Ids("k3"));

        Assert.Equal(KeyRotationOutcome.Rotated, outcome);
        Assert.Equal<SigningKeyInfo>(
            [
                new SigningKeyInfo("k1", SigningKeyState.Retired, T0, ActivatedAt: T0, RetiredAt: at, RetiresAt: at + Lifetime),
                new SigningKeyInfo("k2", SigningKeyState.Current, T0, ActivatedAt: at),
                new SigningKeyInfo("k3", SigningKeyState.Next, at),
            ],
            rotated.Keys);
        Assert.Null(rotated.Pending);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(359)]
    public void Rotate_NextPublishedTooRecently_SchedulesThePromotionForWhenItHasBeenPublishedLongEnough(int secondsAfterPublication)
    {
        var schedule = SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids());

        var (outcome, scheduled) = SigningKeyRotation.Rotate(schedule, Request, T0.AddSeconds(secondsAfterPublication), Ids("unused"));

        Assert.Equal(KeyRotationOutcome.Scheduled, outcome);
        Assert.Equal(new PendingPromotion(T0 + Delay, Lifetime), scheduled.Pending);
        Assert.Equal<SigningKeyInfo>(schedule.Keys, scheduled.Keys);
    }

    [Fact]
    public void Rotate_WhileAPromotionIsScheduled_KeepsThatSchedule()
    {
        var schedule = SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids());
        var (_, scheduled) = SigningKeyRotation.Rotate(schedule, Request, T0, Ids("unused"));

        var (outcome, again) = SigningKeyRotation.Rotate(scheduled, Request with { PublicationDelay = TimeSpan.FromHours(1) }, T0.AddMinutes(1), Ids("unused"));

        Assert.Equal(KeyRotationOutcome.Scheduled, outcome);
        Assert.Equal(scheduled.Pending, again.Pending);
        Assert.Equal<SigningKeyInfo>(scheduled.Keys, again.Keys);
    }

    [Fact]
    public void Advance_AtTheScheduledTime_PromotesTheNextKey()
    {
        var (_, scheduled) = SigningKeyRotation.Rotate(SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids()), Request, T0.AddMinutes(1), Ids("unused"));

        var before = SigningKeyRotation.Advance(scheduled, T0 + Delay - TimeSpan.FromTicks(1), Ids("unused"));
        var at = SigningKeyRotation.Advance(scheduled, T0 + Delay, Ids("k3"));

        Assert.Equal("k1", SigningKeyRotation.Current(before).KeyId);
        Assert.Equal("k2", SigningKeyRotation.Current(at).KeyId);
        Assert.Equal(new SigningKeyInfo("k1", SigningKeyState.Retired, T0, T0, T0 + Delay, T0 + Delay + Lifetime), at.Keys[0]);
        Assert.Equal(new SigningKeyInfo("k3", SigningKeyState.Next, T0 + Delay), at.Keys[2]);
        Assert.Null(at.Pending);
    }

    [Fact]
    public void Advance_RetiredKey_IsPublishedUntilItsLastTokenExpiresThenRemoved()
    {
        var (_, rotated) = SigningKeyRotation.Rotate(SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids()), Request, T0 + Delay, Ids("k3"));
        var retiresAt = T0 + Delay + Lifetime;

        var justBefore = SigningKeyRotation.Advance(rotated, retiresAt - TimeSpan.FromTicks(1), Ids("unused"));
        var at = SigningKeyRotation.Advance(rotated, retiresAt, Ids("unused"));

        Assert.Contains(justBefore.Keys, k => k.KeyId == "k1");
        Assert.Equal(["k2", "k3"], at.Keys.Select(k => k.KeyId));
    }

    [Fact]
    public void Rotate_TwiceWithinThePublicationDelay_KeepsEveryKeyThatSignedPublished()
    {
        var first = SigningKeyRotation.Rotate(SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids()), Request, T0 + Delay, Ids("k3")).Schedule;

        var (outcome, second) = SigningKeyRotation.Rotate(first, Request, T0 + Delay + TimeSpan.FromMinutes(1), Ids("unused"));
        var promoted = SigningKeyRotation.Advance(second, T0 + Delay + Delay, Ids("k4"));

        Assert.Equal(KeyRotationOutcome.Scheduled, outcome);
        Assert.Equal(
            [("k1", SigningKeyState.Retired), ("k2", SigningKeyState.Retired), ("k3", SigningKeyState.Current), ("k4", SigningKeyState.Next)],
            promoted.Keys.Select(k => (k.KeyId, k.State)));
    }

    [Fact]
    public void Rotate_IfCurrentNamesAKeyAlreadyReplaced_ChangesNothing()
    {
        var first = SigningKeyRotation.Rotate(SigningKeyRotation.Advance(SigningKeySchedule.Empty, T0, Ids()), Request, T0 + Delay, Ids("k3")).Schedule;

        var (outcome, after) = SigningKeyRotation.Rotate(first, Request with { IfCurrent = "k1" }, T0 + Delay + Delay, Ids("unused"));

        Assert.Equal(KeyRotationOutcome.Unchanged, outcome);
        Assert.Equal<SigningKeyInfo>(first.Keys, after.Keys);
    }

    [Fact]
    public void Advance_RingWithOnlyACurrentKey_PublishesANextOne()
    {
        var migrated = new SigningKeySchedule([new SigningKeyInfo("old", SigningKeyState.Current, T0, ActivatedAt: T0)]);

        var advanced = SigningKeyRotation.Advance(migrated, T0.AddDays(1), Ids("k1"));

        Assert.Equal([("old", SigningKeyState.Current), ("k1", SigningKeyState.Next)], advanced.Keys.Select(k => (k.KeyId, k.State)));
        Assert.Equal(T0.AddDays(1), advanced.Keys[1].CreatedAt);
    }

    /// <summary>Key ids k1, k2, … (or the given ones, in order); "unused" fails the test if a key is created.</summary>
    private static Func<string> Ids(params string[] ids)
    {
        var next = 0;
        return () =>
        {
            if (ids.Length == 0)
            {
                return $"k{++next}";
            }

            var id = ids[next++];
            Assert.NotEqual("unused", id);
            return id;
        };
    }
}
