using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// The success cache never makes a wrong guess cheaper, and an unknown account costs what a known one does: counted
/// as PBKDF2 derivations (<see cref="SecretVerifier.Derivations"/>), never timed.
/// </summary>
public sealed class SecretVerifierTests
{
    private static readonly string Hash = SecretHasher.HashPassword("right", iterations: 1000);

    [Fact]
    public void Verify_WrongGuessAfterASuccess_StillPaysOneDerivation()
    {
        var verifier = new SecretVerifier();

        var work = new List<(bool Result, long Derivations)>();
        foreach (var guess in new[] { "right", "right", "wrong", "right ", "wrong", "right" })
        {
            var before = verifier.Derivations;
            work.Add((verifier.Verify(guess, Hash), verifier.Derivations - before));
        }

        Assert.Equal([(true, 1L), (true, 0L), (false, 1L), (false, 1L), (false, 1L), (true, 0L)], work);
    }

    [Fact]
    public void Verify_UnknownAccount_OneDerivationAndNeverTrue()
    {
        var verifier = new SecretVerifier();

        Assert.False(verifier.Verify("right", storedHash: null));
        Assert.False(verifier.Verify("", storedHash: null));
        Assert.Equal(2, verifier.Derivations);
    }

    [Fact]
    public void IsRemembered_OnlyTheSecretThatMatched_OnlyForItsHash()
    {
        var verifier = new SecretVerifier();
        var other = SecretHasher.HashPassword("right", iterations: 1000);
        verifier.Verify("right", Hash);

        Assert.True(verifier.IsRemembered("right", Hash));
        Assert.False(verifier.IsRemembered("wrong", Hash));
        Assert.False(verifier.IsRemembered("right", other));
        Assert.False(verifier.IsRemembered("right", storedHash: null));
    }

    [Fact]
    public void Verify_MachineTokenHash_IsNoDerivation()
    {
        var verifier = new SecretVerifier();

        Assert.True(verifier.Verify("a-long-random-token", SecretHasher.HashToken("a-long-random-token")));
        Assert.Equal(0, verifier.Derivations);
    }
}
