namespace DeferredOrleans.Gateway.Api;

/// <summary>Error codes of the approval and admin APIs (bodies shaped like RFC 6749 §5.2).</summary>
public static class ApiErrors
{
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string SelfApprovalForbidden = "self_approval_forbidden";
    public const string AlreadyDecided = "already_decided";
    public const string NotPending = "not_pending";
    public const string InvalidRequest = "invalid_request";

    /// <summary>The entry exists already, or changed since it was read (optimistic concurrency).</summary>
    public const string Conflict = "conflict";

    /// <summary>RFC 6749 §5.2-style refusal of a sign-in proof (a passkey's assertion that does not verify).</summary>
    public const string AccessDenied = "access_denied";

    /// <summary>RFC 9470 §3: the caller's authentication is not strong or recent enough for the rule (step-up).</summary>
    public const string InsufficientUserAuthentication = "insufficient_user_authentication";

    /// <summary>An account over its request rate, or locked after failed attempts (429 with Retry-After).</summary>
    public const string TooManyRequests = "too_many_requests";

    /// <summary>The server is too busy to check a password now (503 with Retry-After).</summary>
    public const string TemporarilyUnavailable = "temporarily_unavailable";
}
