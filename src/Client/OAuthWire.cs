namespace DeferredOrleans.Client;

/// <summary>The OAuth wire strings this client reads and sends; nowhere else spells one.</summary>
internal static class OAuthWire
{
    // RFC 6749 §5.2, RFC 8628 §3.5 and DTR §6.5.1: the answers a poll can get.
    public const string AuthorizationPending = "authorization_pending";
    public const string SlowDown = "slow_down";
    public const string ExpiredToken = "expired_token";
    public const string AccessDenied = "access_denied";
    public const string InteractionRequired = "interaction_required";
    public const string TemporarilyUnavailable = "temporarily_unavailable";
    public const string InvalidResponse = "invalid_response";

    // RFC 9449 §8: the server asks for a nonce in the proof.
    public const string UseDpopNonce = "use_dpop_nonce";

    // RFC 6750 §3.1
    public const string InsufficientScope = "insufficient_scope";
    public const string InvalidToken = "invalid_token";

    public const string GrantType = "grant_type";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Resource = "resource";
    public const string Error = "error";
    public const string ErrorDescription = "error_description";
    public const string AccessToken = "access_token";
    public const string TokenType = "token_type";
    public const string ExpiresIn = "expires_in";
    public const string RefreshToken = "refresh_token";
    public const string IssuedTokenType = "issued_token_type";
    public const string Interval = "interval";
    public const string Token = "token";
    public const string TokenTypeHint = "token_type_hint";
    public const string SubjectToken = "subject_token";
    public const string SubjectTokenType = "subject_token_type";

    // DTR: the opt-in, the handle, its CIBA alias and the poll grant.
    public const string CompletionMode = "completion_mode";
    public const string Deferred = "deferred";
    public const string DeferralCode = "deferral_code";
    public const string AuthReqId = "auth_req_id";
    public const string InteractionUri = "interaction_uri";
    public const string DeferredGrant = "urn:ietf:params:oauth:grant-type:deferred";
    public const string DeferralCodeTokenType = "urn:ietf:params:oauth:token-type:deferral-code";

    public const string ClientCredentialsGrant = "client_credentials";
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    // RFC 8414 §3 and RFC 9728 §3: the well-known documents.
    public const string AuthorizationServerMetadataPath = "/.well-known/oauth-authorization-server";

    public const string DpopHeader = "DPoP";
    public const string DpopNonceHeader = "DPoP-Nonce";
    public const string DpopScheme = "DPoP";
    public const string BearerScheme = "Bearer";
}
