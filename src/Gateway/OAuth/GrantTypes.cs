namespace DeferredOrleans.Gateway.OAuth;

/// <summary>Grant type identifiers (RFC 6749, RFC 8693, RFC 7523, CIBA, DTR).</summary>
public static class GrantTypes
{
    public const string ClientCredentials = "client_credentials";

    /// <summary>DTR: the poll grant.</summary>
    public const string Deferred = "urn:ietf:params:oauth:grant-type:deferred";
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

    /// <summary>DTR: the revocation hint and metadata value for deferral codes.</summary>
    public const string DeferralCode = "urn:ietf:params:oauth:token-type:deferral-code";
}
