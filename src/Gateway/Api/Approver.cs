using System.Security.Claims;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// The authenticated caller of the approval or admin API, as a handler parameter. Endpoints that take it sit behind
/// <see cref="ApproverAccess.RequireApprover"/> or <see cref="ApproverAccess.RequireAdmin"/>, so it is always there.
/// </summary>
/// <param name="Id">The directory user id.</param>
public sealed record Approver(string Id)
{
    public static ValueTask<Approver?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? new Approver(id) : null);
}
