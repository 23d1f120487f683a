using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// The session cookie: HttpOnly, <c>SameSite=Lax</c>, Secure (with the <c>__Host-</c> prefix) when the server is
/// https, a browser-session cookie whose ticket slides with use up to the idle timeout and never outlives the
/// absolute timeout. The user must still be in the live directory on every request.
/// </summary>
/// <remarks>
/// Lax rather than Strict: a link to one request (<c>/inbox/{id}</c>), followed from a mail or a chat in another
/// site, must open it in the session the approver already has. Lax still keeps the cookie off every cross-site
/// subrequest and cross-site POST; every form also carries an anti-forgery token and the JSON API checks the origin of
/// a cookie-authenticated change (<see cref="SessionRequestFilter"/>), so Strict would add no protection here.
/// </remarks>
public static class SessionCookies
{
    /// <summary>Sent by the inbox's script on requests it makes by itself (live updates): they do not keep a session alive.</summary>
    public const string BackgroundHeader = "X-Inbox-Live";

    public static IServiceCollection AddApproverSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApproverSessionOptions>().Bind(configuration.GetSection(ApproverSessionOptions.Section));
        services.AddSingleton<ApproverSessions>();
        GrainKeyRepository.AddGrainKeyRing(services);
        services.AddAuthentication().AddCookie(ApproverSessions.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(ApproverSessions.Scheme)
            .Configure<IOptions<ApproverSessionOptions>, IOptions<ServerOptions>>((cookie, sessions, server) =>
            {
                var https = server.Value.Issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                cookie.Cookie.Name = https ? "__Host-approver-session" : "approver-session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = sessions.Value.IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = ApproverSessions.SignInPath;
                cookie.LogoutPath = ApproverSessions.SignOutPath;
                cookie.AccessDeniedPath = ApproverSessions.SignInPath;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateAsync,
                    OnCheckSlidingExpiration = context =>
                    {
                        context.ShouldRenew &= !IsBackground(context.Request);
                        return Task.CompletedTask;
                    },
                    OnRedirectToLogin = Challenge,
                    OnRedirectToAccessDenied = Challenge,
                };
            });
        return services;
    }

    /// <summary>Whether a request was made by the page's script rather than the approver (live updates, the event stream).</summary>
    public static bool IsBackground(HttpRequest request) =>
        request.Headers.ContainsKey(BackgroundHeader) || request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>The absolute timeout, and the user still in the directory (an admin may remove them at any time).</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var absolute = services.GetRequiredService<IOptions<ApproverSessionOptions>>().Value.AbsoluteTimeout;
        var user = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (context.Principal is null || ApproverSessions.AuthTime(context.Principal) is not { } signedIn || now >= signedIn + absolute ||
            user is null || services.GetRequiredService<PolicyStore>().Directory.FindUser(user) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ApproverSessions.Scheme);
        }
    }

    /// <summary>Pages go to the sign-in form (and back); the page's own script gets a plain 401 it can act on.</summary>
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsBackground(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.CacheControl = "no-store";
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
