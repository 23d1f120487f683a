using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Approvals;
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
        var delegations = app.MapGroup($"{ApprovalEndpoints.Path}/delegations").RequireApprover();
        delegations.MapGet("", List);
        delegations.MapPut("/{id}", PutAsync);
        delegations.MapDelete("/{id}", DeleteAsync);
        return app;
    }

    private static IResult List(Approver approver, PolicyStore store) =>
        ApiResults.Ok(new DelegationList([.. store.Directory.Options.Delegations.Where(d => d.From == approver.Id || d.To == approver.Id).Select(DelegationItem.Of)]));

    private static async Task<IResult> PutAsync(string id, Approver approver, ApiBody body, PolicyStore store, DirectoryEditor editor)
    {
        if (IsSomeoneElses(store, id, approver.Id))
        {
            return ApiResults.Forbidden("that delegation belongs to someone else");
        }

        var refusal = await editor.ChangeAsync(changes => DelegationJson.Put(changes, id, body.Root, from: approver.Id));
        return refusal is null ? ApiResults.Ok(new DelegationStored(id)) : ApiResults.BadRequest(refusal.Problem);
    }

    private static async Task<IResult> DeleteAsync(string id, Approver approver, PolicyStore store, DirectoryEditor editor)
    {
        if (IsSomeoneElses(store, id, approver.Id) || !store.Directory.Options.Delegations.Any(d => d.Id == id))
        {
            return ApiResults.NotFound("no such delegation of yours");
        }

        var refusal = await editor.ChangeAsync(changes => DirectoryEditor.Remove(changes.Upserted.Delegations, changes.RemovedDelegations, id, d => d.Id));
        return refusal is null ? ApiResults.Ok(new ApiOutcome("removed")) : ApiResults.BadRequest(refusal.Problem);
    }

    private static bool IsSomeoneElses(PolicyStore store, string id, string user) =>
        store.Directory.Options.Delegations.Any(d => d.Id == id && d.From != user);
}
