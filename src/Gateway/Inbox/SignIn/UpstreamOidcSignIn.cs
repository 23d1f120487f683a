using System.Security.Claims;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DeferredOrleans.Gateway.Inbox.SignIn;

/// <summary>
/// Sign-in through the organisation's OpenID Provider: <c>GET /inbox/signin/oidc</c> starts the authorization code
/// flow with PKCE (RFC 7636), the OP sends the browser back to <see cref="CallbackPath"/>, and the handler's verified
/// claims name a directory user through <see cref="UpstreamOidcOptions.UserClaim"/>. A user the directory does not
/// know gets no session. The session records the OP's own <c>amr</c> values (RFC 8176), or <c>fed</c> when it sent
/// none, so a rule's step-up judges how the OP authenticated them.
/// </summary>
public sealed class UpstreamOidcSignIn(IOptions<UpstreamOidcOptions> options) : ISignInMethod
{
    public const string Scheme = "UpstreamOidc";
    public const string StartPath = "/inbox/signin/oidc";
    public const string CallbackPath = "/inbox/signin/oidc/callback";

    /// <summary>The <c>amr</c> of a sign-in whose OP said nothing of how it authenticated the user: federated.</summary>
    public const string Federated = "fed";

    private const string ReturnUrlItem = "returnUrl";

    /// <summary>OpenID Connect Core §5.4: the scope that releases the standard profile claims, preferred_username among them.</summary>
    private const string DefaultScope = "profile";

    public string Id => "oidc";

    public string Partial => "_OidcSignIn";

    public string DisplayName => options.Value.DisplayName;

    public static IServiceCollection AddUpstreamOidc(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UpstreamOidcOptions>().Bind(configuration.GetSection(UpstreamOidcOptions.Section));
        var upstream = configuration.GetSection(UpstreamOidcOptions.Section).Get<UpstreamOidcOptions>() ?? new UpstreamOidcOptions();
        if (!upstream.Enabled)
        {
            return services;
        }

        services.AddSingleton<ISignInMethod, UpstreamOidcSignIn>();
        services.AddAuthentication().AddOpenIdConnect(Scheme, oidc =>
        {
            oidc.Authority = upstream.Authority;
            oidc.ClientId = upstream.ClientId;
            oidc.ClientSecret = upstream.ClientSecret;
            oidc.RequireHttpsMetadata = upstream.RequireHttpsMetadata;
            oidc.CallbackPath = CallbackPath;
            oidc.SignInScheme = ApproverSessions.Scheme;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.UsePkce = true;

            // The code comes back in the query of a top-level GET: the correlation and nonce cookies can then be
            // SameSite=Lax (form_post would need SameSite=None, and with it https even on loopback).
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.Scope.Clear();
            oidc.Scope.Add(OpenIdConnectScope.OpenId);
            foreach (var scope in upstream.Scopes.Count > 0 ? upstream.Scopes : [DefaultScope])
            {
                oidc.Scope.Add(scope);
            }

            oidc.MapInboundClaims = false;
            oidc.GetClaimsFromUserInfoEndpoint = true;
            oidc.ClaimActions.MapUniqueJsonKey(upstream.UserClaim, upstream.UserClaim);
            oidc.SaveTokens = false;
            oidc.Events = new OpenIdConnectEvents
            {
                OnTicketReceived = SignInAsync,
                OnRemoteFailure = FailedAsync,
            };
        });
        return services;
    }

    /// <summary>Starts the flow; the return address (a local path) travels in the protected state.</summary>
    public static IResult Start(string? returnUrl) => Results.Challenge(
        new AuthenticationProperties(new Dictionary<string, string?> { [ReturnUrlItem] = ApproverSessions.LocalReturnUrl(returnUrl) }) { RedirectUri = ApproverSessions.SignInPath },
        [Scheme]);

    /// <summary>The OP's verified claims become a session for the directory user they name, or a refusal.</summary>
    private static async Task SignInAsync(TicketReceivedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var upstream = services.GetRequiredService<IOptions<UpstreamOidcOptions>>().Value;
        var principal = context.Principal!;
        var userId = principal.FindFirstValue(upstream.UserClaim);
        context.HandleResponse();
        if (userId is null || services.GetRequiredService<PolicyStore>().Directory.FindUser(userId) is null)
        {
            context.Response.Redirect($"{ApproverSessions.SignInPath}?failed=oidc-unknown");
            return;
        }

        var methods = principal.FindAll("amr").Select(c => c.Value).Where(v => v.Length is > 0 and <= 32).Distinct(StringComparer.Ordinal).ToList();
        await services.GetRequiredService<ApproverSessions>().SignInAsync(context.HttpContext, userId, methods.Count > 0 ? methods : [Federated]);
        context.Response.Redirect(ApproverSessions.LocalReturnUrl(context.Properties?.Items.TryGetValue(ReturnUrlItem, out var url) == true ? url : null));
    }

    /// <summary>The OP refused, the user cancelled, or the answer did not verify: back to the sign-in page, which says so.</summary>
    private static Task FailedAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        context.Response.Redirect($"{ApproverSessions.SignInPath}?failed=oidc");
        return Task.CompletedTask;
    }
}
