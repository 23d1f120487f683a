using DeferredOrleans.Gateway.Security;
using Microsoft.Net.Http.Headers;
using AbstractionsStepUp = DeferredOrleans.Abstractions.Deferrals.AuthenticationRequirement;

namespace DeferredOrleans.Gateway.Api;

/// <summary>The approval and admin APIs' answers: typed bodies, and RFC 6749 §5.2-shaped errors; all no-store.</summary>
public static class ApiResults
{
    public static ApiResult<T> Ok<T>(T body) => new(StatusCodes.Status200OK, body);

    public static ApiResult<ApiError> Unauthenticated() =>
        Error(StatusCodes.Status401Unauthorized, ApiErrors.Unauthorized, "authentication required", new Dictionary<string, string> { [HeaderNames.WWWAuthenticate] = ApproverAuthenticator.Challenge });

    /// <summary>Credentials refused before they were checked: 429 for a throttled or locked account, 503 when busy.</summary>
    public static ApiResult<ApiError> Refused(CredentialCheck check) => check.Verdict == CredentialVerdict.Busy
        ? Error(check.RefusalStatus, ApiErrors.TemporarilyUnavailable, "the server is busy; retry later", RetryAfter(check))
        : Error(check.RefusalStatus, ApiErrors.TooManyRequests, check.Verdict == CredentialVerdict.LockedOut
            ? "too many failed attempts for this account; retry later"
            : "too many requests for this account; retry later", RetryAfter(check));

    public static ApiResult<ApiError> Forbidden(string description) => Error(StatusCodes.Status403Forbidden, ApiErrors.Forbidden, description);

    public static ApiResult<ApiError> NotFound(string description = "no such request is routed to you") => Error(StatusCodes.Status404NotFound, ApiErrors.NotFound, description);

    public static ApiResult<ApiError> BadRequest(string description) => Error(StatusCodes.Status400BadRequest, ApiErrors.InvalidRequest, description);

    public static ApiResult<ApiError> Conflict(string error, string description) => Error(StatusCodes.Status409Conflict, error, description);

    /// <summary>
    /// RFC 9470 §3: 401 <c>insufficient_user_authentication</c>, with the <c>max_age</c> the rule asks for in the
    /// challenge; the approver signs in again as asked and repeats the decision.
    /// </summary>
    public static ApiResult<ApiError> StepUpRequired(AbstractionsStepUp required)
    {
        var maxAge = required.MaxAge is { } age ? $", max_age={(long)age.TotalSeconds}" : "";
        return Error(StatusCodes.Status401Unauthorized, ApiErrors.InsufficientUserAuthentication, StepUpText.Refusal(required), new Dictionary<string, string>
        {
            [HeaderNames.WWWAuthenticate] = $"Bearer realm=\"approvals\", error=\"{ApiErrors.InsufficientUserAuthentication}\"{maxAge}",
        });
    }

    public static ApiResult<ApiError> Error(int status, string error, string description, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new ApiError(error, description), headers);

    private static Dictionary<string, string> RetryAfter(CredentialCheck check) =>
        new() { [HeaderNames.RetryAfter] = check.RetryAfterHeader };
}
