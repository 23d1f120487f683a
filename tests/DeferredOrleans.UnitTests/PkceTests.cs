using DeferredOrleans.Core.Authorization;

namespace DeferredOrleans.UnitTests;

/// <summary>RFC 7636 as <see cref="Pkce"/> applies it: S256 only, verifier and challenge syntax, verification.</summary>
public sealed class PkceTests
{
    // RFC 7636 Appendix B.
    private const string AppendixBVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string AppendixBChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Theory]
    [InlineData("S256", true)]
    [InlineData("plain", false)]
    [InlineData("s256", false)]
    [InlineData("S256 ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAcceptedMethod_Method_OnlyS256(string? method, bool expected) => Assert.Equal(expected, Pkce.IsAcceptedMethod(method));

    [Fact]
    public void Methods_Advertised_AreExactlyS256() => Assert.Equal<string>(["S256"], Pkce.Methods);

    public static TheoryData<string, string?, bool> Challenges() => new()
    {
        { "Appendix B challenge", AppendixBChallenge, true },
        { "any 43 characters", new string('x', 43), true },
        { "42 characters", new string('x', 42), false },
        { "44 characters", new string('x', 44), false },
        { "a plain-style 128-character challenge", new string('x', 128), false },
        { "empty", "", false },
        { "missing", null, false },
    };

    [Theory]
    [MemberData(nameof(Challenges))]
    public void IsWellFormedChallenge_Challenge_OnlyTheS256Length(string because, string? challenge, bool expected) =>
        Assert.True(expected == Pkce.IsWellFormedChallenge(challenge), because);

    public static TheoryData<string, string, bool> Verifiers() => new()
    {
        { "Appendix B verifier", AppendixBVerifier, true },
        { "43 characters, the minimum", new string('a', 43), true },
        { "128 characters, the maximum", new string('a', 128), true },
        { "every unreserved character", "ABCXYZabcxyz0123456789-._~" + new string('a', 17), true },
        { "42 characters", new string('a', 42), false },
        { "129 characters", new string('a', 129), false },
        { "empty", "", false },
        { "a space", new string('a', 42) + " ", false },
        { "base64 plus", new string('a', 42) + "+", false },
        { "base64 slash", new string('a', 42) + "/", false },
        { "padding", new string('a', 42) + "=", false },
        { "percent-encoding", new string('a', 40) + "%7E", false },
        { "a non-ASCII letter", new string('a', 42) + "é", false },
        { "a non-ASCII digit", new string('a', 42) + "٣", false },
    };

    [Theory]
    [MemberData(nameof(Verifiers))]
    public void IsWellFormedVerifier_Verifier_43To128Unreserved(string because, string verifier, bool expected) =>
        Assert.True(expected == Pkce.IsWellFormedVerifier(verifier), because);

    [Fact]
    public void ChallengeOf_AppendixBVerifier_IsTheAppendixBChallenge() => Assert.Equal(AppendixBChallenge, Pkce.ChallengeOf(AppendixBVerifier));

    public static TheoryData<string, string, string, bool> Verifications() => new()
    {
        { "Appendix B", AppendixBChallenge, AppendixBVerifier, true },
        { "another verifier", AppendixBChallenge, AppendixBVerifier[..^1] + "l", false },
        { "the verifier sent as its own challenge (plain)", AppendixBVerifier, AppendixBVerifier, false },
        { "a challenge differing in case", AppendixBChallenge.ToUpperInvariant(), AppendixBVerifier, false },
        { "a challenge with padding", AppendixBChallenge + "=", AppendixBVerifier, false },
        { "an empty challenge", "", AppendixBVerifier, false },
    };

    [Theory]
    [MemberData(nameof(Verifications))]
    public void Matches_ChallengeAndVerifier_OnlyWhenTheVerifierAnswersIt(string because, string codeChallenge, string verifier, bool expected) =>
        Assert.True(expected == Pkce.Matches(codeChallenge, Pkce.ChallengeOf(verifier)), because);
}
