namespace DeferredOrleans.Gateway.OAuth;

/// <summary>Grant type identifiers (RFC 6749, RFC 8693, RFC 7523, CIBA, DTR).</summary>
public static class GrantTypes
{
    public const string ClientCredentials = "client_credentials";

    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const string RefreshToken = "refresh_token";
    public const string AuthorizationCode = "authorization_code";
    public const string Ciba = "urn:openid:params:grant-type:ciba";

    /// <summary>DTR: the poll grant.</summary>
    public const string Deferred = "urn:ietf:params:oauth:grant-type:deferred";

    /// <summary>DTR-OIDF draft 00 §4.1: the code exchange and the polls of the OpenID deferred flow.</summary>
    public const string OpenIdDeferred = "urn:openid:params:grant-type:deferred";
}

/// <summary>Values of <c>completion_mode</c> (DTR "Client Opt-In Signaling").</summary>
public static class CompletionModes
{
    public const string Deferred = "deferred";
}

/// <summary>Token type identifiers.</summary>
public static class TokenTypes
{
    public const string Bearer = "Bearer";

    /// <summary>RFC 9449 §5: a DPoP-bound access token.</summary>
    public const string DPoP = "DPoP";

    /// <summary>RFC 8693 §3 token type identifiers.</summary>
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    public const string RefreshTokenType = "urn:ietf:params:oauth:token-type:refresh_token";
    public const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";
    public const string JwtType = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>RFC 7009 §2.1 <c>token_type_hint</c> values.</summary>
    public const string AccessTokenHint = "access_token";
    public const string RefreshTokenHint = "refresh_token";

    /// <summary>DTR: the revocation hint and metadata value for deferral codes.</summary>
    public const string DeferralCode = "urn:ietf:params:oauth:token-type:deferral-code";
}
