using DeferredOrleans.Core.Telemetry;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;
using Microsoft.AspNetCore.Http.Features;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// Counts issued access tokens: the token endpoint answers 200 only with a token (every other outcome is an OAuth
/// error), so a 200 there is one issuance. The grant type comes from the form the endpoint already parsed.
/// </summary>
public sealed class IssuanceMetricsMiddleware(RequestDelegate next, DeferralMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http)
    {
        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status200OK &&
            HttpMethods.IsPost(http.Request.Method) &&
            http.Request.Path.Equals(TokenEndpoint.Path, StringComparison.Ordinal) &&
            http.Features.Get<IFormFeature>()?.Form?[OAuthParameters.GrantType].ToString() is { Length: > 0 } grantType)
        {
            metrics.Issued(grantType);
        }
    }
}
