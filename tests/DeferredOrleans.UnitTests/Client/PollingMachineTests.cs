using System.Text.Json;
using DeferredOrleans.Client;

namespace DeferredOrleans.UnitTests.Client;

/// <summary>The SDK's polling state machine, one row per rule: a script of answers at seconds after the token request, and the last action.</summary>
public sealed class PollingMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TokenResponse Token = new("at", "Bearer", 300, "doc:write", null, null, default(JsonElement));
    private static readonly Uri Page = new("https://as.example/interact/1");

    private static ServerAnswer Deferred(int expiresIn = 600, int? interval = 5) => new ServerAnswer.Pending("code-1", expiresIn, interval, "step=owner;approved=0;required=1");

    private static ServerAnswer StillPending(int? interval = null) => new ServerAnswer.Pending(null, null, interval, null);

    private static ServerAnswer Error(string code, TimeSpan? retryAfter = null) => new ServerAnswer.Error(code, null, retryAfter);

    private static ServerAnswer Tick => ServerAnswer.Tick.Instance;

    public static TheoryData<string, (double At, ServerAnswer Answer)[], PollAction> Cases() => new()
    {
        { "a token at once ends it", [(0, new ServerAnswer.Issued(Token))], new PollAction.Done(Token) },
        { "an error to the token request itself ends it", [(0, Error("invalid_scope"))], new PollAction.Fail("invalid_scope", null) },
        { "a deferred response without a code is invalid", [(0, new ServerAnswer.Pending(null, 600, 5, null))], new PollAction.Fail("invalid_response", "a deferred response without deferral_code and expires_in") },
        { "a deferred response without expires_in is invalid", [(0, new ServerAnswer.Pending("code-1", null, 5, null))], new PollAction.Fail("invalid_response", "a deferred response without deferral_code and expires_in") },
        { "a tick with nothing deferred is invalid", [(0, Tick)], new PollAction.Fail("invalid_response", "nothing to wait for: no deferral was started") },
        { "the deferral is polled no sooner than interval", [(0, Deferred()), (4, Tick)], new PollAction.Wait(TimeSpan.FromSeconds(1)) },
        { "at interval it polls with the code", [(0, Deferred()), (5, Tick)], new PollAction.Poll("code-1") },
        { "without interval the default 5 s applies", [(0, Deferred(interval: null)), (4.5, Tick)], new PollAction.Wait(TimeSpan.FromSeconds(0.5)) },
        { "slow_down adds 5 s", [(0, Deferred()), (5, Tick), (5, Error("slow_down")), (14, Tick)], new PollAction.Wait(TimeSpan.FromSeconds(1)) },
        { "slow_down is cumulative", [(0, Deferred()), (5, Tick), (5, Error("slow_down")), (15, Tick), (15, Error("slow_down")), (29, Tick)], new PollAction.Wait(TimeSpan.FromSeconds(1)) },
        { "after two slow_downs the poll waits 15 s", [(0, Deferred()), (5, Tick), (5, Error("slow_down")), (15, Tick), (15, Error("slow_down")), (30, Tick)], new PollAction.Poll("code-1") },
        { "a later pending cannot shorten the interval", [(0, Deferred(interval: 10)), (10, Tick), (10, StillPending(interval: 1)), (19, Tick)], new PollAction.Wait(TimeSpan.FromSeconds(1)) },
        { "a later pending may lengthen the interval", [(0, Deferred()), (5, Tick), (5, StillPending(interval: 20)), (20, Tick)], new PollAction.Wait(TimeSpan.FromSeconds(5)) },
        { "a wait never runs past the deadline", [(0, Deferred(expiresIn: 8, interval: 5)), (5, Tick), (5, StillPending())], new PollAction.Wait(TimeSpan.FromSeconds(3)) },
        { "at the deadline it stops with expired_token", [(0, Deferred(expiresIn: 8, interval: 5)), (5, Tick), (5, StillPending()), (8, Tick)], new PollAction.Fail("expired_token", "the deferral expired before it was approved") },
        { "access_denied ends it", [(0, Deferred()), (5, Tick), (5, Error("access_denied"))], new PollAction.Fail("access_denied", null) },
        { "expired_token from the server ends it", [(0, Deferred()), (5, Tick), (5, Error("expired_token"))], new PollAction.Fail("expired_token", null) },
        { "an unknown error is terminal", [(0, Deferred()), (5, Tick), (5, Error("no_such_error"))], new PollAction.Fail("no_such_error", null) },
        { "temporarily_unavailable waits the Retry-After", [(0, Deferred()), (5, Tick), (5, Error("temporarily_unavailable", TimeSpan.FromSeconds(30)))], new PollAction.Wait(TimeSpan.FromSeconds(30)) },
        { "a Retry-After shorter than interval waits the interval", [(0, Deferred()), (5, Tick), (5, Error("temporarily_unavailable", TimeSpan.FromSeconds(1)))], new PollAction.Wait(TimeSpan.FromSeconds(5)) },
        { "interaction_uri is handed over", [(0, new ServerAnswer.Pending("code-1", 600, 5, null, Page))], new PollAction.Interaction(Page) },
        { "the same interaction_uri is handed over once", [(0, new ServerAnswer.Pending("code-1", 600, 5, null, Page)), (0, Tick), (5, Tick), (5, new ServerAnswer.Pending(null, null, null, null, Page))], new PollAction.Wait(TimeSpan.FromSeconds(5)) },
        { "the token after polls ends it", [(0, Deferred()), (5, Tick), (5, new ServerAnswer.Issued(Token))], new PollAction.Done(Token) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_Script_GivesAction(string because, (double At, ServerAnswer Answer)[] script, PollAction expected)
    {
        var (_, action) = Run(script);

        // Progress reports are compared on their own below; the action is what the rule decides.
        var actual = action is PollAction.Wait wait ? wait with { Progress = null } : action;
        Assert.True(expected == actual, $"{because}: expected {expected}, got {actual}");
    }

    [Fact]
    public void Next_DeferredResponse_ReportsProgressWithQuorum()
    {
        var (_, action) = Run((0, Deferred()));

        var progress = Assert.IsType<PollAction.Wait>(action).Progress!;
        Assert.Equal("waiting for approval, step=owner, 0 of 1", progress.ToString());
        Assert.Equal(T0.AddSeconds(600), progress.ExpiresAt);
        Assert.Equal(TimeSpan.FromSeconds(5), progress.NextPollIn);
    }

    [Fact]
    public void Next_Polls_AreCounted()
    {
        var (state, _) = Run((0, Deferred()), (5, Tick), (5, StillPending()), (10, Tick));

        Assert.Equal(2, state.Polls);
    }

    private static (PollState State, PollAction Action) Run(params (double At, ServerAnswer Answer)[] script)
    {
        var state = PollState.Initial;
        PollAction action = new PollAction.Fail("none", null);
        foreach (var (at, answer) in script)
        {
            (state, action) = PollingMachine.Next(state, answer, T0.AddSeconds(at));
        }

        return (state, action);
    }
}
