using System.Text;
using DeferredOrleans.Abstractions.Authorization;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Interaction;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Authorization;

/// <summary>
/// <c>/authorize</c>: sign-in for directory users and a consent step, then a code back to the client (with RFC 9207
/// <c>iss</c>). The request's parameters travel through both forms; a sealed ticket carries the sign-in to consent.
/// <c>completion_mode=deferred</c> here is a hint only: the response never changes shape (DTR "Client Opt-In").
/// </summary>
public static class AuthorizeEndpoints
{
    public const string Path = "/authorize";

    public static IEndpointRouteBuilder MapAuthorizeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path, SubmitAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, ClientStore clients, OrganizationDirectory directory)
    {
        Harden(http);
        var outcome = await AuthorizationRequest.ParseAsync(http.Request.Query, clients, directory);
        return outcome.Request is { } request ? SignInPage(request, failed: false) : Failure(outcome);
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, ClientStore clients, OrganizationDirectory directory, CredentialGuard guard, ServerKeys keys,
        IGrainFactory grains, IOptions<ServerOptions> server, TimeProvider time)
    {
        Harden(http);
        IFormCollection form;
        try
        {
            form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return HtmlPage.Render(StatusCodes.Status400BadRequest, "Sign-in failed", "<p>The form could not be read.</p>");
        }

        var outcome = await AuthorizationRequest.ParseAsync(form, clients, directory);
        if (outcome.Request is not { } request)
        {
            return Failure(outcome);
        }

        var key = (await keys.GetAsync()).SealingKey;
        var now = time.GetUtcNow();
        switch (form["action"].ToString())
        {
            case "signin":
                var user = form["username"].ToString();
                var check = await guard.VerifyPasswordAsync(directory, user, form["password"].ToString(), http.RequestAborted);
                return check.Verdict == CredentialVerdict.Valid ? ConsentPage(request, user, SignInTickets.Issue(key, user, request.Digest(), now))
                    : check.IsRefusal ? HtmlPage.Refused(http, check)
                    : SignInPage(request, failed: true);
            case "consent" when SignInTickets.Read(key, form["ticket"], request.Digest(), now) is { } signedIn:
                // One consent per sign-in: a replayed consent form gives no second code and is answered like a
                // ticket that has expired.
                if (!await SignInTickets.TryUseAsync(grains, signedIn))
                {
                    return SignInPage(request, failed: true);
                }

                if (form["decision"].ToString() != "allow")
                {
                    return Redirect(request, server.Value, ("error", "access_denied"), ("error_description", "the user declined"));
                }

                var code = AuthorizationCodes.New();
                await grains.GetGrain<IAuthorizationCodeGrain>(AuthorizationCodes.Id(code)).CreateAsync(new AuthorizationCodeData(
                    request.Client.ClientId, request.RedirectUri, request.CodeChallenge, signedIn.User, request.Access.Scopes,
                    request.Access.Resources, request.Access.AuthorizationDetails, request.Nonce, request.DeferredHint,
                    signedIn.AuthTime, now + server.Value.AuthorizationCodeLifetime));
                // DTR-OIDF draft 00 §5.4: the acknowledgment carries deferred_code, never code.
                return request.DeferredCode
                    ? Redirect(request, server.Value, (OAuthParameters.DeferredCode, DeferredCodes.FromAuthorizationCode(code)))
                    : Redirect(request, server.Value, ("code", code));
            default:
                return SignInPage(request, failed: true);
        }
    }

    private static IResult Redirect(AuthorizationRequest request, ServerOptions server, params (string Name, string Value)[] parameters) =>
        Results.Redirect(AuthorizationResponse.Build(
            request.RedirectUri,
            [.. parameters.Select(p => KeyValuePair.Create(p.Name, (string?)p.Value)), new("state", request.State), new("iss", server.Issuer)]).ToString());

    private static IResult Failure(AuthorizationOutcome outcome) => outcome.ErrorRedirect is { } redirect
        ? Results.Redirect(redirect.ToString())
        : HtmlPage.Render(StatusCodes.Status400BadRequest, "Request not valid", $"<p>{HtmlPage.Encode(outcome.UserError)}</p>");

    private static IResult SignInPage(AuthorizationRequest request, bool failed) => HtmlPage.Render(
        failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK,
        "Sign in",
        $"""
        <p>{HtmlPage.Encode(request.Client.Name ?? request.Client.ClientId)} wants to act for you.</p>
        {(failed ? "<p role=\"alert\">The user name or password is wrong.</p>" : "")}
        <form method="post">
          {Hidden(request)}
          <label>User <input name="username" autocomplete="username" required></label>
          <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
          <button name="action" value="signin">Sign in</button>
        </form>
        """);

    private static IResult ConsentPage(AuthorizationRequest request, string user, string ticket) => HtmlPage.Render(
        StatusCodes.Status200OK,
        "Allow access?",
        $"""
        <p>Signed in as {HtmlPage.Encode(user)}. {HtmlPage.Encode(request.Client.Name ?? request.Client.ClientId)} asks for:</p>
        <dl>
          <dt>Scope</dt><dd>{HtmlPage.Encode(string.Join(' ', request.Access.Scopes))}</dd>
          <dt>Resources</dt><dd>{HtmlPage.Encode(string.Join(", ", request.Access.Resources))}</dd>
          <dt>Details</dt><dd><code>{HtmlPage.Encode(request.Access.AuthorizationDetails)}</code></dd>
        </dl>
        <form method="post">
          {Hidden(request)}
          <input type="hidden" name="ticket" value="{HtmlPage.Encode(ticket)}">
          <input type="hidden" name="action" value="consent">
          <button name="decision" value="allow">Allow</button>
          <button name="decision" value="deny">Deny</button>
        </form>
        """);

    private static string Hidden(AuthorizationRequest request)
    {
        var html = new StringBuilder();
        foreach (var (name, value) in request.Parameters)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{HtmlPage.Encode(name)}\" value=\"{HtmlPage.Encode(value)}\">");
        }

        return html.ToString();
    }

    /// <summary>The pages hold credentials and consent: never cached, never framed.</summary>
    private static void Harden(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    }
}
