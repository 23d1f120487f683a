namespace DeferredOrleans.Gateway.Inbox;

/// <summary>
/// Headers on every response under <c>/inbox</c>. The Content-Security-Policy allows only this server's own script,
/// style and connections and no inline code at all, so markup that slipped through encoding could still not run;
/// the pages are never framed (clickjacking), never cached (they show decisions), and send no referrer elsewhere.
/// </summary>
public sealed class InboxSecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments(InboxApp.Path, StringComparison.OrdinalIgnoreCase))
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (!http.Request.Path.StartsWithSegments(InboxApp.AssetsPath, StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }
            else
            {
                headers.CacheControl = "no-cache";
            }
        }

        return next(http);
    }
}
