using System.Collections.Immutable;
using System.Security.Claims;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// The authenticated caller of the approval or admin API, as a handler parameter. Endpoints that take it sit behind
/// <see cref="ApproverAccess.RequireApprover"/> or <see cref="ApproverAccess.RequireAdmin"/>, so it is always there.
/// </summary>
/// <param name="Id">The directory user id.</param>
/// <param name="Authentication">How and when the caller authenticated (the session's sign-in, or this request's password); null for a machine token.</param>
public sealed record Approver(string Id, DecisionAuthentication? Authentication = null)
{
    public static ValueTask<Approver?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? new Approver(id, AuthenticationOf(context.User)) : null);

    /// <summary>The RFC 8176 <c>amr</c> values and <c>auth_time</c> of a principal, or null when it has none (a machine approver).</summary>
    public static DecisionAuthentication? AuthenticationOf(ClaimsPrincipal user)
    {
        var methods = user.FindAll(ApproverSessions.MethodClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToImmutableArray();
        return methods.IsEmpty || ApproverSessions.AuthTime(user) is not { } at ? null : new DecisionAuthentication(methods, at);
    }
}
