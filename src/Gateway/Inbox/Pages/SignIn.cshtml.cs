using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Inbox.SignIn;
using DeferredOrleans.Gateway.Security;
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
    public IReadOnlyList<ISignInMethod> Methods { get; private set; } = [.. methods];

    /// <summary>Where to go after sign-in: a local path, else the inbox.</summary>
    public string ReturnUrl { get; private set; } = "/inbox";

    public string? UserName { get; private set; }

    public string? Problem { get; private set; }

    public string? Notice { get; private set; }

    /// <summary>A signed-in approver asked to sign in again with a passkey (a rule's step-up): only that method is offered.</summary>
    public bool StepUp { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, string? signedOut, string? stepUp, string? failed)
    {
        Problem = failed switch
        {
            "oidc-unknown" => "Your organisation's account is not an approver here. Ask an administrator to add you to the directory.",
            "oidc" => "The sign-in with your organisation's account did not complete. Try again, or use another way.",
            _ => null,
        };
        ReturnUrl = ApproverSessions.LocalReturnUrl(returnUrl);
        if ((await HttpContext.AuthenticateAsync(ApproverSessions.Scheme)).Succeeded)
        {
            if (stepUp != "passkey")
            {
                return LocalRedirect(ReturnUrl);
            }

            StepUp = true;
            Methods = [.. Methods.Where(m => m is PasskeySignIn)];
        }

        Notice = signedOut is null ? null : "You are signed out.";
        return Page();
    }

    /// <summary>The password method (RFC 8176 <c>pwd</c>), checked where HTTP Basic is checked.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(string? username, string? password, string? returnUrl)
    {
        ReturnUrl = ApproverSessions.LocalReturnUrl(returnUrl);
        UserName = username;
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password) || username.Length > 256 || password.Length > 1024)
        {
            return Refused("The user name or password is wrong.", StatusCodes.Status401Unauthorized);
        }

        var (user, check) = await approvers.AuthenticatePasswordAsync(Request, username, password);
        if (user is null)
        {
            // A locked or throttled account hears when to try again, never whether the password was right; a
            // password the server was too busy to check is not the account's fault, and says so.
            return check.IsRefusal ? Refused(check) : Refused("The user name or password is wrong.", StatusCodes.Status401Unauthorized);
        }

        await sessions.SignInAsync(HttpContext, user, [ApproverSessions.Password]);
        return LocalRedirect(ReturnUrl);
    }

    private PageResult Refused(CredentialCheck check)
    {
        Response.Headers.RetryAfter = check.RetryAfterHeader;
        return Refused(
            check.Verdict == CredentialVerdict.Busy
                ? "The server is busy. Try again in a moment."
                : $"Too many attempts. Try again in {Math.Max(1, (int)Math.Ceiling(check.RetryAfter.TotalMinutes))} minute(s).",
            check.RefusalStatus);
    }

    private PageResult Refused(string problem, int status)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }
}
