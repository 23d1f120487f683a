using Microsoft.AspNetCore.Authentication;

namespace DeferredOrleans.Gateway.Api;

/// <summary>Who may call which endpoint of the approval and admin APIs; one place instead of a preamble per handler.</summary>
public static class ApproverAccess
{
    public const string ApproverPolicy = "approver";
    public const string AdminPolicy = "admin";
    public const string SessionPolicy = "approver-session";
    public const string AdminRole = "admin";

    /// <summary>
    /// The approval API's callers: credentials in the request (HTTP Basic, bearer) when it sends an
    /// <c>Authorization</c> header, else the browser session. A refusal is always the API's JSON 401.
    /// </summary>
    public const string ApiScheme = "ApproverOrSession";

    /// <summary>
    /// The schemes and the policies. No scheme is the default, so other endpoints never run them: the approval API
    /// takes credentials or the session, the admin API credentials only, the inbox's pages the session only.
    /// </summary>
    public static IServiceCollection AddApproverAccess(this IServiceCollection services)
    {
        // Since .NET 7 a lone scheme becomes the default, and the authentication middleware WebApplication adds would
        // run it on every request: a client's Basic credentials at /token would be checked as a user's password too.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApproverAuthenticationHandler>(ApproverAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(ApiScheme, null, options =>
            {
                options.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count > 0 ? ApproverAuthenticationHandler.SchemeName : ApproverSessions.Scheme;
                options.ForwardChallenge = ApproverAuthenticationHandler.SchemeName;
                options.ForwardForbid = ApproverAuthenticationHandler.SchemeName;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApproverPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(ApproverAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(AdminRole))
            .AddPolicy(SessionPolicy, policy => policy.AddAuthenticationSchemes(ApproverSessions.Scheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// Endpoints for any directory user or machine approver; handlers take an <see cref="Approver"/> and, for a JSON
    /// body, an <see cref="ApiBody"/>.
    /// </summary>
    public static RouteGroupBuilder RequireApprover(this RouteGroupBuilder group) => group.ForApi(ApproverPolicy);

    /// <summary>Endpoints for directory users with the <c>admin</c> role.</summary>
    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) => group.ForApi(AdminPolicy);

    private static RouteGroupBuilder ForApi(this RouteGroupBuilder group, string policy)
    {
        // JSON bodies only, so a browser's cross-site form post cannot reach these endpoints (JsonBody); a change
        // made with the session must also come from this server's pages (SessionRequestFilter).
        group.DisableAntiforgery().RequireAuthorization(policy).AddEndpointFilter<SessionRequestFilter>().AddEndpointFilter<ApiBodyFilter>();
        return group;
    }
}
