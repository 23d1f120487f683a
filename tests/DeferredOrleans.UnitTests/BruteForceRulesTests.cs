using System.Net;
using DeferredOrleans.Gateway.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// Lockout after repeated failures (Keycloak's temporary lockout), per-account rates and the PBKDF2 bound, as tables
/// and on a fake clock.
/// </summary>
public sealed class BruteForceRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly BruteForceOptions Options = new()
    {
        MaxLoginFailures = 3,
        WaitIncrement = TimeSpan.FromMinutes(1),
        MaxWait = TimeSpan.FromMinutes(5),
        FailureResetTime = TimeSpan.FromHours(1),
        PerAccount = new TokenBucketOptions { Burst = 1000, PerSecond = 1000 },
    };

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    [InlineData(6, 2)]
    [InlineData(9, 3)]
    [InlineData(15, 5)]
    [InlineData(30, 5)]
    [InlineData(int.MaxValue - 1, 5)]
    public void Wait_EveryFactorthFailure_LocksLongerUpToTheMax(int failures, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), AccountFailures.Wait(failures, Options));

    [Fact]
    public void AfterFailure_CountsLocksAndForgetsAfterTheResetTime()
    {
        var states = new List<AccountFailures>();
        AccountFailures? state = null;
        foreach (var minutes in new[] { 0, 1, 2, 3, 4, 5, 70 })
        {
            state = AccountFailures.AfterFailure(state, Start.AddMinutes(minutes), Options);
            states.Add(state.Value);
        }

        Assert.Equal([1, 2, 3, 4, 5, 6, 1], states.Select(s => s.Failures));
        Assert.Equal(Start.AddMinutes(3), states[2].LockedUntil);
        Assert.Equal(Start.AddMinutes(3), states[3].LockedUntil);
        Assert.Equal(Start.AddMinutes(7), states[5].LockedUntil);
        Assert.Null(states[6].LockedFor(Start.AddMinutes(70)));
        Assert.Equal(TimeSpan.FromMinutes(1), states[2].LockedFor(Start.AddMinutes(2)));
    }

    [Fact]
    public async Task Guard_RepeatedFailures_LockEvenTheRightPasswordUntilTheWaitEnds()
    {
        var (guard, time, verifier) = Guard(Options);
        var hash = SecretHasher.HashPassword("right", iterations: 1000);

        var wrong = new List<CredentialVerdict>();
        for (var i = 0; i < 3; i++)
        {
            wrong.Add((await guard.VerifyAsync("user:ann", "guess" + i, hash, default)).Verdict);
        }

        var derivations = verifier.Derivations;
        var locked = await guard.VerifyAsync("user:ann", "right", hash, default);
        var other = await guard.VerifyAsync("user:bea", "right", hash, default);
        time.Advance(TimeSpan.FromMinutes(1));
        var later = await guard.VerifyAsync("user:ann", "right", hash, default);

        Assert.Equal([CredentialVerdict.Invalid, CredentialVerdict.Invalid, CredentialVerdict.Invalid], wrong);
        Assert.Equal(new CredentialCheck(CredentialVerdict.LockedOut, TimeSpan.FromMinutes(1)), locked);
        Assert.Equal(60, locked.RetryAfterSeconds);
        Assert.Equal(CredentialVerdict.Valid, other.Verdict);
        Assert.Equal(CredentialVerdict.Valid, later.Verdict);
        Assert.Equal(derivations + 1, verifier.Derivations);
    }

    [Fact]
    public async Task Guard_UnknownAccount_IsLockedLikeAKnownOne()
    {
        var (guard, _, _) = Guard(Options);

        var verdicts = new List<CredentialVerdict>();
        for (var i = 0; i < 4; i++)
        {
            verdicts.Add((await guard.VerifyAsync("user:nobody", "guess", null, default)).Verdict);
        }

        Assert.Equal([CredentialVerdict.Invalid, CredentialVerdict.Invalid, CredentialVerdict.Invalid, CredentialVerdict.LockedOut], verdicts);
    }

    [Fact]
    public async Task Guard_Disabled_NeverLocks()
    {
        var (guard, _, _) = Guard(new BruteForceOptions { Enabled = false, MaxLoginFailures = 1 });

        var verdicts = new List<CredentialVerdict>();
        for (var i = 0; i < 3; i++)
        {
            verdicts.Add((await guard.VerifyAsync("user:nobody", "guess", null, default)).Verdict);
        }

        Assert.All(verdicts, v => Assert.Equal(CredentialVerdict.Invalid, v));
    }

    [Fact]
    public async Task Guard_GuessesOverTheAccountsRate_ThrottledWithRetryAfter_OthersNot()
    {
        var (guard, _, _) = Guard(new BruteForceOptions { PerAccount = new TokenBucketOptions { Burst = 2, PerSecond = 1 } });
        var hash = SecretHasher.HashPassword("right", iterations: 1000);

        var first = await guard.VerifyAsync("client:c", "guess-1", hash, default);
        var second = await guard.VerifyAsync("client:c", "guess-2", hash, default);
        var third = await guard.VerifyAsync("client:c", "guess-3", hash, default);
        var other = await guard.VerifyAsync("client:d", "guess-1", hash, default);

        Assert.Equal(CredentialVerdict.Invalid, first.Verdict);
        Assert.Equal(CredentialVerdict.Invalid, second.Verdict);
        Assert.Equal(CredentialVerdict.Throttled, third.Verdict);
        Assert.True(third.RetryAfter > TimeSpan.Zero);
        Assert.Equal(CredentialVerdict.Invalid, other.Verdict);
    }

    [Fact]
    public async Task Guard_RightSecretSeenBefore_IsNeverThrottled()
    {
        var (guard, _, _) = Guard(new BruteForceOptions { PerAccount = new TokenBucketOptions { Burst = 1, PerSecond = 1 } });
        var hash = SecretHasher.HashPassword("right", iterations: 1000);

        var verdicts = new List<CredentialVerdict>();
        for (var i = 0; i < 20; i++)
        {
            verdicts.Add((await guard.VerifyAsync("client:busy", "right", hash, default)).Verdict);
        }

        Assert.All(verdicts, v => Assert.Equal(CredentialVerdict.Valid, v));
    }

    [Fact]
    public async Task HashingGate_FullWaitsAtMostTheTimeout_ThenRefuses_QueueBeyondItsLimitRefusedAtOnce()
    {
        var time = new FakeTimeProvider(Start);
        using var gate = new HashingGate(permits: 1, queueLimit: 1, TimeSpan.FromSeconds(2), time);

        var holder = await gate.EnterAsync(default);
        var queued = gate.EnterAsync(default).AsTask();
        var beyond = await gate.EnterAsync(default);
        Assert.NotNull(holder);
        Assert.Null(beyond);
        Assert.False(queued.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await queued);

        holder!.Dispose();
        using var next = await gate.EnterAsync(default);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task HashingGate_SlotFreedWhileWaiting_EntersBeforeTheTimeout()
    {
        var time = new FakeTimeProvider(Start);
        using var gate = new HashingGate(permits: 1, queueLimit: 4, TimeSpan.FromSeconds(2), time);

        var holder = await gate.EnterAsync(default);
        var queued = gate.EnterAsync(default).AsTask();
        holder!.Dispose();

        using var entered = await queued;
        Assert.NotNull(entered);
    }

    [Theory]
    [InlineData(null, "unknown")]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void ClientAddresses_IPv6ByItsSlash64(string? address, string key) =>
        Assert.Equal(key, ClientAddresses.PartitionKey(address is null ? null : IPAddress.Parse(address)));

    private static (CredentialGuard Guard, FakeTimeProvider Time, SecretVerifier Verifier) Guard(BruteForceOptions options)
    {
        var time = new FakeTimeProvider(Start);
        var verifier = new SecretVerifier();
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        return (new CredentialGuard(verifier, new LoginFailures(wrapped, time, NullLogger<LoginFailures>.Instance), wrapped, time), time, verifier);
    }
}
