using DeferredOrleans.Gateway.Api;
using Microsoft.AspNetCore.Mvc;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary><c>/inbox/signout</c>: ends the session (POST, with the anti-forgery token); GET only offers the button.</summary>
public sealed class SignOutModel(ApproverSessions sessions, TimeProvider time) : InboxPageModel(time)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.SignOutAsync(HttpContext);
        return Redirect($"{ApproverSessions.SignInPath}?signedOut=1");
    }
}
