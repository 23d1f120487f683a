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
    public const string AdminRole = "admin";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Path).DisableAntiforgery();
        admin.MapGet("/directory", Directory);
        admin.MapPut("/directory/users/{id}", (HttpContext http, string id, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, (changes, body) => PutUser(changes, id, body)));
        admin.MapDelete("/directory/users/{id}", (HttpContext http, string id, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, (changes, _) => Remove(changes.Upserted.Users, changes.RemovedUsers, id, u => u.Id), readBody: false));
        admin.MapPut("/directory/groups/{id}", (HttpContext http, string id, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, (changes, body) => PutGroup(changes, id, body)));
        admin.MapDelete("/directory/groups/{id}", (HttpContext http, string id, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, (changes, _) => Remove(changes.Upserted.Groups, changes.RemovedGroups, id, g => g.Id), readBody: false));
        admin.MapPut("/directory/resources", (HttpContext http, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, PutResource));
        admin.MapDelete("/directory/resources", (HttpContext http, string pattern, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, (changes, _) => Remove(changes.Upserted.Resources, changes.RemovedResources, pattern, r => r.Pattern), readBody: false));
        admin.MapPut("/directory/delegations/{id}", (HttpContext http, string id, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, (changes, body) => DelegationJson.Put(changes, id, body, from: null)));
        admin.MapDelete("/directory/delegations/{id}", (HttpContext http, string id, DirectoryEditor editor, PolicyStore store, ApproverAuthenticator approvers) =>
            EditAsync(http, store, approvers, editor, (changes, _) => Remove(changes.Upserted.Delegations, changes.RemovedDelegations, id, d => d.Id), readBody: false));
        admin.MapGet("/policy", Policy);
        admin.MapPost("/policy/explain", ExplainAsync);
        return app;
    }

    /// <summary>The caller if it is an admin; otherwise the answer to send (401 or 403).</summary>
    public static (string? Admin, IResult? Refusal) Authorize(HttpContext http, ApproverAuthenticator approvers, PolicyStore store)
    {
        if (approvers.Authenticate(http.Request) is not { } user)
        {
            return (null, ApprovalResponses.Unauthenticated());
        }

        return store.Directory.HasRole(user, AdminRole)
            ? (user, null)
            : (null, ApprovalResponses.Error(StatusCodes.Status403Forbidden, "forbidden", "the admin role is required"));
    }

    private static IResult Directory(HttpContext http, PolicyStore store, ApproverAuthenticator approvers)
    {
        if (Authorize(http, approvers, store).Refusal is { } refusal)
        {
            return refusal;
        }

        var options = store.Directory.Options;
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteNumber("version", store.Changes.Version);
            w.WriteStartArray("users");
            foreach (var user in options.Users)
            {
                w.WriteStartObject();
                w.WriteString("id", user.Id);
                w.WriteString("name", user.Name);
                w.WriteString("manager", user.Manager);
                w.WriteString("kind", user.TokenHash is null && user.Connector is null ? "person" : "machine");
                if (user.Connector is { } connector)
                {
                    // The kind only: never the URL's credentials or the secret.
                    w.WriteString("connector", connector.Kind);
                }

                JsonBody.WriteStrings(w, "roles", user.Roles);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("groups");
            foreach (var group in options.Groups)
            {
                w.WriteStartObject();
                w.WriteString("id", group.Id);
                JsonBody.WriteStrings(w, "members", group.Members);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("resources");
            foreach (var resource in options.Resources)
            {
                w.WriteStartObject();
                w.WriteString("pattern", resource.Pattern);
                w.WriteString("owner", resource.Owner);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("delegations");
            foreach (var delegation in options.Delegations)
            {
                DelegationJson.Write(w, delegation);
            }

            w.WriteEndArray();
        });
    }

    private static async Task<IResult> EditAsync(
        HttpContext http, PolicyStore store, ApproverAuthenticator approvers, DirectoryEditor editor, Func<DirectoryChanges, JsonElement, string?> change, bool readBody = true)
    {
        if (Authorize(http, approvers, store).Refusal is { } refusal)
        {
            return refusal;
        }

        JsonDocument? document = null;
        if (readBody)
        {
            (document, var bodyError) = await JsonBody.ReadAsync(http.Request);
            if (bodyError is not null)
            {
                return ApprovalResponses.BadRequest(bodyError);
            }
        }

        using (document)
        {
            var body = document?.RootElement ?? default;
            var problem = await editor.ChangeAsync(changes => change(changes, body));
            return problem is null
                ? new OAuthJsonResult(StatusCodes.Status200OK, w => w.WriteNumber("version", store.Changes.Version))
                : ApprovalResponses.BadRequest(problem);
        }
    }

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

    private static string? Remove<T>(List<T> upserted, List<string> removed, string key, Func<T, string> keyOf)
    {
        upserted.RemoveAll(x => keyOf(x) == key);
        if (!removed.Contains(key))
        {
            removed.Add(key);
        }

        return null;
    }

    private static IResult Policy(HttpContext http, PolicyStore store, ApproverAuthenticator approvers)
    {
        if (Authorize(http, approvers, store).Refusal is { } refusal)
        {
            return refusal;
        }

        var status = store.Status;
        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteString("source", status.Source);
            w.WriteNumber("rules", status.Rules);
            w.WriteString("loaded_at", status.LoadedAt.UtcDateTime);
            w.WriteString("last_error", status.LastError);
            w.WriteNumber("directory_version", status.DirectoryVersion);
        });
    }

    /// <summary>
    /// Which rule would decide a hypothetical request, why, and where it would be routed. Nothing is created.
    /// Body: <c>{"client_id","grant_type","subject","scope","resource":[…],"authorization_details":[…],"risk_signals":{…}}</c>.
    /// </summary>
    private static async Task<IResult> ExplainAsync(HttpContext http, PolicyStore store, ApproverAuthenticator approvers, TimeProvider time)
    {
        if (Authorize(http, approvers, store).Refusal is { } refusal)
        {
            return refusal;
        }

        var (document, bodyError) = await JsonBody.ReadAsync(http.Request);
        if (bodyError is not null)
        {
            return ApprovalResponses.BadRequest(bodyError);
        }

        using (document)
        {
            var body = document!.RootElement;
            var client = JsonBody.Text(body, "client_id") ?? "";
            var facts = new TokenRequestFacts(
                client,
                JsonBody.Text(body, "grant_type") ?? GrantTypes.ClientCredentials,
                JsonBody.Text(body, "subject") ?? client,
                [.. (JsonBody.Text(body, "scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)],
                [.. JsonBody.Strings(body, "resource")],
                [])
            {
                AuthorizationDetails = body.TryGetProperty("authorization_details", out var details) && details.ValueKind == JsonValueKind.Array ? details.GetRawText() : null,
                RiskSignals = body.TryGetProperty("risk_signals", out var risk) && risk.ValueKind == JsonValueKind.Object ? risk.GetRawText() : null,
                Actor = JsonBody.Text(body, "actor"),
                Now = time.GetUtcNow(),
            };
            var decision = store.Policy.Evaluate(facts, store.Directory);
            return new OAuthJsonResult(StatusCodes.Status200OK, w => PolicyExplanation.Write(w, decision));
        }
    }

}
