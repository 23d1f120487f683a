using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Approvals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;

namespace DeferredOrleans.Gateway.Delegations;

/// <summary>
/// An approver's own delegations ("I am away from Monday; Bob decides for me"): list, add or replace, remove. The
/// caller is always the <c>from</c>; admins manage anyone's through the admin API.
/// </summary>
public static class DelegationEndpoints
{
    public static IEndpointRouteBuilder MapDelegationEndpoints(this IEndpointRouteBuilder app)
    {
        var delegations = app.MapGroup($"{ApprovalEndpoints.Path}/delegations").DisableAntiforgery();
        delegations.MapGet("", List);
        delegations.MapPut("/{id}", PutAsync);
        delegations.MapDelete("/{id}", DeleteAsync);
        return app;
    }

    private static IResult List(HttpContext http, ApproverAuthenticator approvers, PolicyStore store)
    {
        if (approvers.Authenticate(http.Request) is not { } user)
        {
            return ApprovalResponses.Unauthenticated();
        }

        var mine = store.Directory.Options.Delegations.Where(d => d.From == user || d.To == user).ToList();
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray("delegations");
            foreach (var delegation in mine)
            {
                DelegationJson.Write(w, delegation);
            }

            w.WriteEndArray();
        });
    }

    private static async Task<IResult> PutAsync(HttpContext http, string id, ApproverAuthenticator approvers, PolicyStore store, DirectoryEditor editor)
    {
        if (approvers.Authenticate(http.Request) is not { } user)
        {
            return ApprovalResponses.Unauthenticated();
        }

        if (IsSomeoneElses(store, id, user))
        {
            return ApprovalResponses.Error(StatusCodes.Status403Forbidden, "forbidden", "that delegation belongs to someone else");
        }

        var (document, bodyError) = await JsonBody.ReadAsync(http.Request);
        if (bodyError is not null)
        {
            return ApprovalResponses.BadRequest(bodyError);
        }

        using (document)
        {
            var problem = await editor.ChangeAsync(changes => DelegationJson.Put(changes, id, document!.RootElement, from: user));
            return problem is null
                ? new OAuthJsonResult(StatusCodes.Status200OK, w => w.WriteString("id", id))
                : ApprovalResponses.BadRequest(problem);
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, ApproverAuthenticator approvers, PolicyStore store, DirectoryEditor editor)
    {
        if (approvers.Authenticate(http.Request) is not { } user)
        {
            return ApprovalResponses.Unauthenticated();
        }

        if (IsSomeoneElses(store, id, user) || !store.Directory.Options.Delegations.Any(d => d.Id == id))
        {
            return ApprovalResponses.Error(StatusCodes.Status404NotFound, ApprovalErrors.NotFound, "no such delegation of yours");
        }

        var problem = await editor.ChangeAsync(changes =>
        {
            changes.Upserted.Delegations.RemoveAll(d => d.Id == id);
            if (!changes.RemovedDelegations.Contains(id))
            {
                changes.RemovedDelegations.Add(id);
            }

            return null;
        });
        return problem is null ? new OAuthJsonResult(StatusCodes.Status200OK, w => w.WriteString("result", "removed")) : ApprovalResponses.BadRequest(problem);
    }

    private static bool IsSomeoneElses(PolicyStore store, string id, string user) =>
        store.Directory.Options.Delegations.Any(d => d.Id == id && d.From != user);
}
