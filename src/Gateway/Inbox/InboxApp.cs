using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Inbox.Live;
using DeferredOrleans.Gateway.Inbox.Passkeys;
using DeferredOrleans.Gateway.Inbox.SignIn;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox;

/// <summary>
/// The approvers' web inbox: server-rendered Razor Pages under <c>/inbox</c> (the pages live in
/// <c>Inbox/Pages</c>), signed in with a session cookie, with anti-forgery tokens on every form, a strict
/// Content-Security-Policy, one small script for live updates (Server-Sent Events) and one stylesheet, both served
/// from the assembly. Everything works without the script.
/// </summary>
public static class InboxApp
{
    public const string Path = "/inbox";
    public const string AssetsPath = "/inbox/assets";

    /// <summary>The anti-forgery token's header, for the inbox's script and for <see cref="SessionRequestFilter"/>.</summary>
    public const string AntiforgeryHeader = "X-CSRF-Token";

    public static IServiceCollection AddApproverInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.Section));
        services.AddSingleton<InboxReader>();
        services.AddSingleton<ISignInMethod, PasswordSignIn>();
        UpstreamOidcSignIn.AddUpstreamOidc(services, configuration);
        services.AddOptions<PasskeyOptions>().Bind(configuration.GetSection(PasskeyOptions.Section));
        services.AddSingleton<PasskeyCeremonies>();
        if (configuration.GetSection(PasskeyOptions.Section).Get<PasskeyOptions>() is not { Enabled: false })
        {
            services.AddSingleton<ISignInMethod, PasskeySignIn>();
        }
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "inbox-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.HeaderName = AntiforgeryHeader;
        });
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Inbox/Pages";
            options.Conventions.AuthorizeFolder("/", ApproverAccess.SessionPolicy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.ConfigureFilter(new AntiforgeryRefusal());
        }).AddMvcOptions(options =>
        {
            // The inbox's fields have plain names. jQuery-style keys ("a[b]") would be parsed by these providers,
            // which throw on a malformed key (a hostile "x[" in a query or form): a 500 instead of a refusal.
            options.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            options.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        });
        return services;
    }

    /// <summary>Headers, assets, pages and the event stream. Call after the authorization middleware.</summary>
    public static IEndpointConventionBuilder MapApproverInbox(this WebApplication app)
    {
        app.UseMiddleware<InboxSecurityHeaders>();
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new EmbeddedFileProvider(typeof(InboxApp).Assembly, "DeferredOrleans.Gateway.wwwroot.inbox"),
        });
        var pages = app.MapRazorPages();
        var events = app.MapGet(InboxEventStream.Path, InboxEventStream.StreamAsync).RequireAuthorization(ApproverAccess.SessionPolicy);
        var passkeys = app.MapPasskeyEndpoints();
        app.MapGet(UpstreamOidcSignIn.StartPath, (string? returnUrl, IOptions<UpstreamOidcOptions> oidc) =>
            oidc.Value.Enabled ? UpstreamOidcSignIn.Start(returnUrl) : Results.NotFound()).AllowAnonymous();
        return new EndpointConventions([pages, events, passkeys]);
    }
}
