using DeferredOrleans.Gateway.OAuth;
using Microsoft.Net.Http.Headers;

namespace DeferredOrleans.Gateway.Api;

/// <summary>The approval and admin APIs' error answers (RFC 6749 §5.2-shaped bodies, no-store).</summary>
public static class ApprovalResponses
{
    public static OAuthJsonResult Unauthenticated() =>
        Error(StatusCodes.Status401Unauthorized, ApprovalErrors.Unauthorized, "authentication required", new Dictionary<string, string> { [HeaderNames.WWWAuthenticate] = ApproverAuthenticator.Challenge });

    public static OAuthJsonResult NotFound() => Error(StatusCodes.Status404NotFound, ApprovalErrors.NotFound, "no such request is routed to you");

    public static OAuthJsonResult BadRequest(string description) => Error(StatusCodes.Status400BadRequest, ApprovalErrors.InvalidRequest, description);

    public static OAuthJsonResult Error(int status, string error, string description, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, w =>
        {
            w.WriteString(OAuthParameters.Error, error);
            w.WriteString(OAuthParameters.ErrorDescription, description);
        }, headers);
}
