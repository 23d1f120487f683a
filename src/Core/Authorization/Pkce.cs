using System.Buffers.Text;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Core.Authorization;

/// <summary>
/// Proof Key for Code Exchange (RFC 7636), S256 only. The gateway checks the challenge at <c>/authorize</c> and the
/// verifier at <c>/token</c> and transforms the verifier; the code's grain compares the two challenges, so the
/// verifier itself never leaves the gateway.
/// </summary>
public static class Pkce
{
    /// <summary>RFC 7636 §4.2: <c>BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))</c>.</summary>
    public const string S256 = "S256";

    // RFC 7636 §4.1: code-verifier = 43*128unreserved.
    private const int MinVerifierLength = 43;
    private const int MaxVerifierLength = 128;

    // RFC 7636 §4.2: the S256 challenge is the base64url of 32 octets, without padding.
    private const int S256ChallengeLength = 43;

    /// <summary>
    /// The <c>code_challenge_method</c> values accepted and advertised (RFC 8414 §2). RFC 9700 §2.1.1: <c>plain</c>
    /// is not, and neither is a missing method, which RFC 7636 §4.3 reads as <c>plain</c>.
    /// </summary>
    public static ImmutableArray<string> Methods { get; } = [S256];

    /// <summary>Whether <paramref name="method"/> is an accepted <c>code_challenge_method</c>.</summary>
    public static bool IsAcceptedMethod([NotNullWhen(true)] string? method) => method is not null && Methods.Contains(method);

    /// <summary>
    /// RFC 7636 §4.2: an S256 challenge is 43 characters. Only its length is checked; one with characters outside
    /// base64url can never match a verifier, so its code is simply never redeemed.
    /// </summary>
    public static bool IsWellFormedChallenge([NotNullWhen(true)] string? challenge) => challenge is { Length: S256ChallengeLength };

    /// <summary>RFC 7636 §4.1: 43 to 128 unreserved characters (RFC 3986 §2.3).</summary>
    public static bool IsWellFormedVerifier(string verifier) =>
        verifier.Length is >= MinVerifierLength and <= MaxVerifierLength && verifier.All(IsUnreserved);

    /// <summary>RFC 7636 §4.2 and §4.6: the S256 challenge a well-formed <paramref name="verifier"/> answers to.</summary>
    public static string ChallengeOf(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>
    /// RFC 7636 §4.6: whether the challenge computed from the verifier equals the one sent with the authorization
    /// request, compared in constant time so a mismatch does not tell how much of it matched.
    /// </summary>
    public static bool Matches(string codeChallenge, string verifierChallenge) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(codeChallenge), Encoding.ASCII.GetBytes(verifierChallenge));

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
