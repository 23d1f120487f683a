using Microsoft.AspNetCore.Authentication;

namespace DeferredOrleans.Gateway.Api;

/// <summary>Who may call which endpoint of the approval and admin APIs; one place instead of a preamble per handler.</summary>
public static class ApproverAccess
{
    public const string ApproverPolicy = "approver";
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";

    /// <summary>The scheme and the two policies. The scheme is never the default: other endpoints never run it.</summary>
    public static IServiceCollection AddApproverAccess(this IServiceCollection services)
    {
        // Since .NET 7 a lone scheme becomes the default, and the authentication middleware WebApplication adds would
        // run it on every request: a client's Basic credentials at /token would be checked as a user's password too.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApproverAuthenticationHandler>(ApproverAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApproverPolicy, policy => policy.AddAuthenticationSchemes(ApproverAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(ApproverAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(AdminRole));
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
        // JSON bodies only, so a browser's cross-site form post cannot reach these endpoints (JsonBody).
        group.DisableAntiforgery().RequireAuthorization(policy).AddEndpointFilter<ApiBodyFilter>();
        return group;
    }
}
