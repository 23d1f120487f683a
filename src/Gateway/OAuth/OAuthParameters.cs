namespace DeferredOrleans.Gateway.OAuth;

/// <summary>Request and response parameter names of the OAuth wire format.</summary>
public static class OAuthParameters
{
    public const string GrantType = "grant_type";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string ClientAssertion = "client_assertion";
    public const string ClientAssertionType = "client_assertion_type";
    public const string Scope = "scope";
    public const string Resource = "resource";
    public const string Audience = "audience";
    public const string AuthorizationDetails = "authorization_details";

    // DTR: the opt-in, the handle, and the handle's alias (CIBA's name for it).
    public const string CompletionMode = "completion_mode";
    public const string DeferralCode = "deferral_code";
    public const string AuthReqId = "auth_req_id";

    /// <summary>OpenID Connect Deferred Token Response Flow 1.0 draft 00: the authorization response's code.</summary>
    public const string DeferredCode = "deferred_code";

    /// <summary>DTR-OIDF draft 00: the handle the code exchange returns, polled and cancelled with.</summary>
    public const string DeferredAuthId = "deferred_auth_id";

    /// <summary>DTR-OIDF draft 00: the client's bearer token for the ping to its notification endpoint.</summary>
    public const string DeferredNotificationToken = "deferred_notification_token";

    /// <summary>DTR-OIDF draft 00: the optional interim ID token of the code exchange.</summary>
    public const string InterimIdToken = "interim_id_token";
    public const string Token = "token";
    public const string TokenTypeHint = "token_type_hint";
    public const string ClientNotificationToken = "client_notification_token";
    public const string InteractionUri = "interaction_uri";

    // Non-standard: a risk engine's signed assertion about the request, forwarded by the client.
    public const string RiskSignals = "risk_signals";

    // RFC 7636 §4.3: PKCE at the authorization endpoint.
    public const string CodeChallenge = "code_challenge";
    public const string CodeChallengeMethod = "code_challenge_method";

    // Parameters that originate a request; a poll must not carry them
    // (draft-ietf-oauth-deferred-token-response-01 §4.1, guarantee 4).
    public const string Code = "code";
    public const string CodeVerifier = "code_verifier";
    public const string RedirectUri = "redirect_uri";
    public const string RefreshToken = "refresh_token";
    public const string SubjectToken = "subject_token";
    public const string SubjectTokenType = "subject_token_type";
    public const string ActorToken = "actor_token";
    public const string ActorTokenType = "actor_token_type";
    public const string RequestedTokenType = "requested_token_type";
    public const string Assertion = "assertion";

    // Responses
    public const string Error = "error";
    public const string ErrorDescription = "error_description";
    public const string AccessToken = "access_token";
    public const string TokenType = "token_type";
    public const string ExpiresIn = "expires_in";
    public const string Interval = "interval";
}
