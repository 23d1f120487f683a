using DeferredOrleans.Gateway.Configuration;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// Cross-site request forgery cannot ride on a session: when the approval API's caller was authenticated by the
/// session cookie (not by credentials it sent itself) and the method changes something, the request must come from
/// this server's own pages: an <c>Origin</c> of this server, or a valid anti-forgery token in the header. JSON-only
/// bodies already rule out a plain cross-site form; this also rules out any cross-site script a browser would let
/// through.
/// </summary>
public sealed class SessionRequestFilter(IAntiforgery antiforgery, IOptions<ServerOptions> server) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.AuthenticationType != ApproverSessions.Scheme || HttpMethods.IsGet(http.Request.Method) ||
            HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method) ||
            IsSameOrigin(http.Request, server.Value) || await antiforgery.IsRequestValidAsync(http))
        {
            return await next(context);
        }

        return ApiResults.Forbidden("a signed-in browser may change something only from this server's own pages");
    }

    /// <summary>The browser's <c>Origin</c> (RFC 6454) is this server, as it was reached or as its issuer says.</summary>
    public static bool IsSameOrigin(HttpRequest request, ServerOptions server)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null" || !Uri.TryCreate(origin, UriKind.Absolute, out var from))
        {
            return false;
        }

        var reached = $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(origin.TrimEnd('/'), reached, StringComparison.OrdinalIgnoreCase) ||
            (Uri.TryCreate(server.Issuer, UriKind.Absolute, out var issuer) && Uri.Compare(from, issuer, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
    }
}
