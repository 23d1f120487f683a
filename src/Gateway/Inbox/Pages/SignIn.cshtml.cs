using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Inbox.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>
/// <c>/inbox/signin</c>: every registered <see cref="ISignInMethod"/> (a password form today), and the way back to
/// the page that asked for sign-in (<c>returnUrl</c>, local paths only). Each method's handler ends in
/// <see cref="ApproverSessions.SignInAsync"/>.
/// </summary>
public sealed class SignInModel(IEnumerable<ISignInMethod> methods, ApproverAuthenticator approvers, ApproverSessions sessions) : PageModel
{
    public IReadOnlyList<ISignInMethod> Methods { get; } = [.. methods];

    /// <summary>Where to go after sign-in: a local path, else the inbox.</summary>
    public string ReturnUrl { get; private set; } = "/inbox";

    public string? UserName { get; private set; }

    public string? Problem { get; private set; }

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, string? signedOut)
    {
        ReturnUrl = ApproverSessions.LocalReturnUrl(returnUrl);
        if ((await HttpContext.AuthenticateAsync(ApproverSessions.Scheme)).Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        Notice = signedOut is null ? null : "You are signed out.";
        return Page();
    }

    /// <summary>The password method (RFC 8176 <c>pwd</c>), checked where HTTP Basic is checked.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(string? username, string? password, string? returnUrl)
    {
        ReturnUrl = ApproverSessions.LocalReturnUrl(returnUrl);
        UserName = username;
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password) || username.Length > 256 || password.Length > 1024 ||
            approvers.AuthenticatePassword(Request, username, password) is not { } user)
        {
            Problem = "The user name or password is wrong.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await sessions.SignInAsync(HttpContext, user, [ApproverSessions.Password]);
        return LocalRedirect(ReturnUrl);
    }
}
