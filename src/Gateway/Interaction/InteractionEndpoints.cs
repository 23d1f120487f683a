using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Interaction;

/// <summary>
/// The interaction page of a deferral whose rule wants the subject to confirm (DTR <c>interaction_required</c>).
/// Opening it authorizes nothing; the subject signs in and confirms, once. The URI's token is the only key, so the
/// page needs no cookie and a cross-site post cannot use it.
/// </summary>
public static class InteractionEndpoints
{
    public static IEndpointRouteBuilder MapInteractionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{InteractionTokens.PathPrefix}/{{id}}/{{token}}", ShowAsync);
        app.MapPost($"{InteractionTokens.PathPrefix}/{{id}}/{{token}}", ConfirmAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string id, string token, IGrainFactory grains, ClientRegistry clients)
    {
        NoStore(http);
        var view = DeferralCodes.IsId(id) ? await grains.GetGrain<IDeferralGrain>(id).GetInteractionAsync(InteractionTokens.Digest(token)) : null;
        if (view is null)
        {
            return Gone();
        }

        var client = clients.NameOf(view.ClientId);
        return HtmlPage.Render(StatusCodes.Status200OK, "Confirm a request", $"""
            <p>{HtmlPage.Encode(client)} asks for access on your behalf.</p>
            <dl>
              <dt>Scope</dt><dd>{HtmlPage.Encode(string.Join(' ', view.Scopes))}</dd>
              <dt>Resources</dt><dd>{HtmlPage.Encode(string.Join(", ", view.Resources))}</dd>
              <dt>Expires</dt><dd>{HtmlPage.Encode(view.ExpiresAt.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}</dd>
            </dl>
            <form method="post">
              <label>User <input name="username" autocomplete="username" required></label>
              <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
              <button name="action" value="confirm">Confirm</button>
            </form>
            """);
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, string id, string token, IGrainFactory grains, OrganizationDirectory directory, CredentialGuard guard)
    {
        NoStore(http);
        if (!http.Request.HasFormContentType || !DeferralCodes.IsId(id))
        {
            return Gone();
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return HtmlPage.Render(StatusCodes.Status400BadRequest, "Not confirmed", "<p>The form could not be read.</p>");
        }

        var user = form["username"].ToString();
        var check = form["action"].ToString() == "confirm"
            ? await guard.VerifyPasswordAsync(directory, user, form["password"].ToString(), http.RequestAborted)
            : CredentialCheck.Invalid;
        if (check.IsRefusal)
        {
            return HtmlPage.Refused(http, check);
        }

        if (check.Verdict != CredentialVerdict.Valid)
        {
            return HtmlPage.Render(StatusCodes.Status401Unauthorized, "Not confirmed", "<p>The user name or password is wrong.</p>");
        }

        return await grains.GetGrain<IDeferralGrain>(id).CompleteInteractionAsync(InteractionTokens.Digest(token), user) switch
        {
            InteractionResult.Completed => HtmlPage.Render(StatusCodes.Status200OK, "Confirmed", "<p>Thank you. You can close this page.</p>"),
            InteractionResult.NotPending => HtmlPage.Render(StatusCodes.Status409Conflict, "Not confirmed", "<p>This request is no longer waiting for you.</p>"),
            _ => Gone(),
        };
    }

    private static IResult Gone() => HtmlPage.Render(StatusCodes.Status404NotFound, "Link not valid", "<p>This link is not valid, or was already used.</p>");

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
