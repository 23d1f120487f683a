namespace DeferredOrleans.Gateway.OAuth;

/// <summary>Every OAuth error code the server sends; never write one as a literal elsewhere.</summary>
public static class OAuthErrors
{
    // RFC 6749 §5.2
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";

    // RFC 6749 §4.1.2.1, used at the token endpoint for transient failures.
    public const string ServerError = "server_error";
    public const string TemporarilyUnavailable = "temporarily_unavailable";

    // RFC 7591 §3.2.2: registration metadata refused.
    public const string InvalidRedirectUri = "invalid_redirect_uri";
    public const string InvalidClientMetadata = "invalid_client_metadata";

    // RFC 6750 §3.1: a bearer token (initial or registration access token, RFC 7591 §3 and RFC 7592 §2) not accepted.
    public const string InvalidToken = "invalid_token";

    // RFC 8707 §2, RFC 9396 §5
    public const string InvalidTarget = "invalid_target";
    public const string InvalidAuthorizationDetails = "invalid_authorization_details";

    // RFC 8628 §3.5 and DTR: the poll answers.
    public const string AuthorizationPending = "authorization_pending";
    public const string SlowDown = "slow_down";
    public const string AccessDenied = "access_denied";
    public const string ExpiredToken = "expired_token";

    // DTR: the subject must act in a page first.
    public const string InteractionRequired = "interaction_required";

    // RFC 9449 §5, §7.1
    public const string InvalidDpopProof = "invalid_dpop_proof";
    public const string UseDpopNonce = "use_dpop_nonce";

    // RFC 7009 §2.2.1
    public const string UnsupportedTokenType = "unsupported_token_type";

    // No OAuth registry names a rate limit; this server's own code, always with HTTP 429 (RFC 6585 §4) and Retry-After.
    public const string TooManyRequests = "too_many_requests";
}
