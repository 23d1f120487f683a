using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Token;

/// <summary>What a grant handler decided; <see cref="TokenResponses"/> is the only code that writes it.</summary>
public abstract record TokenResult
{
    public static implicit operator TokenResult(OAuthError error) => new Failed(error);

    /// <summary>RFC 6749 §5.1 success.</summary>
    public sealed record Issued(TokenSuccess Response) : TokenResult;

    /// <summary>RFC 6749 §5.2 error.</summary>
    public sealed record Failed(OAuthError Error) : TokenResult;

    /// <summary>
    /// DTR deferred response: 400 <c>authorization_pending</c> with the new code, or <c>interaction_required</c> with
    /// the interaction URI when the subject must act in a page first.
    /// </summary>
    public sealed record Deferred(string DeferralCode, int ExpiresIn, int Interval, Uri? InteractionUri = null) : TokenResult;

    /// <summary>DTR-OIDF draft 00 §6.3: the deferred code exchange's 200 answer, the handle to poll with.</summary>
    public sealed record DeferredAuthentication(string DeferredAuthId, int ExpiresIn, int Interval) : TokenResult;
}

/// <summary>The members of a successful token response.</summary>
public sealed record TokenSuccess(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    string? Scope,
    string? AuthorizationDetails = null,
    string? RefreshToken = null,
    string? IssuedTokenType = null,
    string? IdToken = null,
    int? RefreshTokenTimeout = null,
    int? AuthorizationExpiresIn = null);
