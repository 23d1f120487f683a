using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>What every signed-in page knows: who is looking and what time it is.</summary>
public abstract class InboxPageModel(TimeProvider time) : PageModel
{
    /// <summary>The signed-in approver's directory id (pages are behind the session policy).</summary>
    public string ApproverId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    /// <summary>A message for the approver after a change (the outcome of the last form), or null.</summary>
    public string? Notice { get; protected set; }

    /// <summary>A refusal of the last form, shown as an alert, or null.</summary>
    public string? Problem { get; protected set; }

    /// <summary>Shows the page with a refusal and the status code that says why; nothing was changed.</summary>
    protected Microsoft.AspNetCore.Mvc.IActionResult Refuse(int status, string problem)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }
}
