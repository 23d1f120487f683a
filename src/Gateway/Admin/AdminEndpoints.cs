using System.Text.Json;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Delegations;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>
/// The admin API, for directory users with the <c>admin</c> role (HTTP Basic) or admin machines (bearer): the live
/// directory and its runtime changes (users, groups, ownership, delegations), the policy in force, and explain.
/// </summary>
public static class AdminEndpoints
{
    public const string Path = "/admin";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Path).RequireAdmin();
        admin.MapGet("/directory", (PolicyStore store) => ApiResults.Ok(DirectoryDocument.From(store.Directory.Options, store.Changes.Version)));
        admin.MapPut("/directory/users/{id}", (string id, ApiBody body, DirectoryEditor editor, PolicyStore store) =>
            EditAsync(store, editor, changes => PutUser(changes, id, body.Root)));
        admin.MapDelete("/directory/users/{id}", (string id, DirectoryEditor editor, PolicyStore store) =>
            RemoveAsync(store, editor, store.Directory.Options.Users.Any(u => u.Id == id), changes => DirectoryEditor.Remove(changes.Upserted.Users, changes.RemovedUsers, id, u => u.Id)));
        admin.MapPut("/directory/groups/{id}", (string id, ApiBody body, DirectoryEditor editor, PolicyStore store) =>
            EditAsync(store, editor, changes => PutGroup(changes, id, body.Root)));
        admin.MapDelete("/directory/groups/{id}", (string id, DirectoryEditor editor, PolicyStore store) =>
            RemoveAsync(store, editor, store.Directory.Options.Groups.Any(g => g.Id == id), changes => DirectoryEditor.Remove(changes.Upserted.Groups, changes.RemovedGroups, id, g => g.Id)));
        admin.MapPut("/directory/resources", (ApiBody body, DirectoryEditor editor, PolicyStore store) =>
            EditAsync(store, editor, changes => PutResource(changes, body.Root)));
        admin.MapDelete("/directory/resources", (string pattern, DirectoryEditor editor, PolicyStore store) =>
            RemoveAsync(store, editor, store.Directory.Options.Resources.Any(r => r.Pattern == pattern), changes => DirectoryEditor.Remove(changes.Upserted.Resources, changes.RemovedResources, pattern, r => r.Pattern)));
        admin.MapPut("/directory/delegations/{id}", (string id, ApiBody body, DirectoryEditor editor, PolicyStore store) =>
            EditAsync(store, editor, changes => DelegationJson.Put(changes, id, body.Root, from: null)));
        admin.MapDelete("/directory/delegations/{id}", (string id, DirectoryEditor editor, PolicyStore store) =>
            RemoveAsync(store, editor, store.Directory.Options.Delegations.Any(d => d.Id == id), changes => DirectoryEditor.Remove(changes.Upserted.Delegations, changes.RemovedDelegations, id, d => d.Id)));
        admin.MapGet("/policy", (PolicyStore store) => ApiResults.Ok(PolicyStatusDocument.From(store.Status)));
        admin.MapPost("/policy/explain", Explain);
        return app;
    }

    private static async Task<IResult> EditAsync(PolicyStore store, DirectoryEditor editor, Func<DirectoryChanges, string?> change) =>
        await editor.ChangeAsync(change) switch
        {
            null => ApiResults.Ok(new DirectoryVersion(store.Changes.Version)),
            { Guarded: true } refusal => ApiResults.Forbidden(refusal.Problem),
            var refusal => ApiResults.BadRequest(refusal.Problem),
        };

    /// <summary>
    /// Removes an entry that exists; one that does not is 404 and nothing is written (otherwise every name ever
    /// deleted would be remembered, and the stored directory would grow with each one).
    /// </summary>
    private static Task<IResult> RemoveAsync(PolicyStore store, DirectoryEditor editor, bool exists, Func<DirectoryChanges, string?> change) =>
        exists ? EditAsync(store, editor, change) : Task.FromResult<IResult>(ApiResults.NotFound("no such entry in the directory"));

    private static string? PutUser(DirectoryChanges changes, string id, JsonElement body)
    {
        var user = new DirectoryUser
        {
            Id = id,
            Name = JsonBody.Text(body, "name"),
            Manager = JsonBody.Text(body, "manager"),
            PasswordHash = JsonBody.Text(body, "password_hash"),
            TokenHash = JsonBody.Text(body, "token_hash"),
            UserCodeHash = JsonBody.Text(body, "user_code_hash"),
            Roles = JsonBody.Strings(body, "roles"),
        };
        if (user.PasswordHash is null && user.TokenHash is null)
        {
            return "a user needs a password_hash (a person) or a token_hash (a machine), made with hash-secret";
        }

        DirectoryEditor.Upsert(changes.Upserted.Users, user, u => u.Id);
        changes.RemovedUsers.Remove(id);
        return null;
    }

    private static string? PutGroup(DirectoryChanges changes, string id, JsonElement body)
    {
        DirectoryEditor.Upsert(changes.Upserted.Groups, new DirectoryGroup { Id = id, Members = JsonBody.Strings(body, "members") }, g => g.Id);
        changes.RemovedGroups.Remove(id);
        return null;
    }

    private static string? PutResource(DirectoryChanges changes, JsonElement body)
    {
        if (JsonBody.Text(body, "pattern") is not { Length: > 0 } pattern || JsonBody.Text(body, "owner") is not { Length: > 0 } owner)
        {
            return "a resource needs a pattern and an owner";
        }

        DirectoryEditor.Upsert(changes.Upserted.Resources, new ResourceOwnership { Pattern = pattern, Owner = owner }, r => r.Pattern);
        changes.RemovedResources.Remove(pattern);
        return null;
    }

    /// <summary>
    /// Which rule would decide a hypothetical request, why, and where it would be routed. Nothing is created.
    /// Body: <c>{"client_id","grant_type","subject","scope","resource":[…],"authorization_details":[…],"risk_signals":{…}}</c>.
    /// </summary>
    private static IResult Explain(ApiBody body, PolicyStore store, TimeProvider time)
    {
        var root = body.Root;
        var client = JsonBody.Text(root, "client_id") ?? "";
        var facts = new TokenRequestFacts(
            client,
            JsonBody.Text(root, "grant_type") ?? GrantTypes.ClientCredentials,
            JsonBody.Text(root, "subject") ?? client,
            [.. (JsonBody.Text(root, "scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)],
            [.. JsonBody.Strings(root, "resource")],
            [])
        {
            AuthorizationDetails = root.TryGetProperty("authorization_details", out var details) && details.ValueKind == JsonValueKind.Array ? details.GetRawText() : null,
            RiskSignals = root.TryGetProperty("risk_signals", out var risk) && risk.ValueKind == JsonValueKind.Object ? risk.GetRawText() : null,
            Actor = JsonBody.Text(root, "actor"),
            Now = time.GetUtcNow(),
        };
        return ApiResults.Ok(PolicyExplanation.From(store.Policy.Evaluate(facts, store.Directory)));
    }
}
