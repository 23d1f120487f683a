using System.Text.RegularExpressions;
using DeferredOrleans.Abstractions.Clients;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Registration;

/// <summary>
/// Clients at runtime, for admins (audited): <c>POST /admin/clients</c> registers one (client metadata as RFC 7591
/// §2 names it, plus <c>client_id</c> and the admin settings of <see cref="ClientMetadataJson.ApplyAdminSettings"/>),
/// <c>GET</c>/<c>PUT</c>/<c>DELETE /admin/clients/{id}</c> read, replace and remove it, <c>POST …/disable</c> and
/// <c>…/enable</c> switch it, <c>POST …/secret</c> issues a new secret. A secret is in the answer once and stored
/// only as a hash. A configured client can be changed or disabled here (then the configuration no longer replaces
/// it) but not deleted: it would come back at the next start.
/// </summary>
public static partial class ClientAdminEndpoints
{
    public const string Path = "/admin/clients";

    public static IEndpointRouteBuilder MapClientAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup(Path).RequireAdmin();
        clients.MapPost("", CreateAsync);
        clients.MapGet("/{id}", GetAsync);
        clients.MapPut("/{id}", UpdateAsync);
        clients.MapDelete("/{id}", DeleteAsync);
        clients.MapPost("/{id}/disable", (string id, Approver admin, ApiBody body, ClientStore store, ClientRegistrar registrar) => SwitchAsync(id, false, admin, store, registrar));
        clients.MapPost("/{id}/enable", (string id, Approver admin, ApiBody body, ClientStore store, ClientRegistrar registrar) => SwitchAsync(id, true, admin, store, registrar));
        clients.MapPost("/{id}/secret", RotateSecretAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(Approver admin, ApiBody body, ClientRegistrar registrar)
    {
        var clientId = JsonBody.Text(body.Root, ClientMetadataJson.ClientId) ?? ClientRegistrar.NewClientId();
        if (!ClientIdPattern().IsMatch(clientId))
        {
            return ApiResults.BadRequest("client_id must be 1 to 128 characters of letters, digits and -._~");
        }

        var (draft, error) = registrar.Draft(body.Root, new ClientRegistration { ClientId = clientId }, registrar.AdminLimits, admin: true);
        if (error is not null)
        {
            return Refused(error);
        }

        if (await registrar.CreateAsync(draft!.Client, ClientOrigin.Admin, null, admin.Id) is not { } stored)
        {
            return ApiResults.Conflict(ApiErrors.Conflict, "a client with this client_id exists");
        }

        var answer = ClientMetadataJson.WriteAdmin(draft.Client, stored);
        answer[ClientMetadataJson.ClientSecret] = draft.Secret;
        return new ApiResult<Dictionary<string, object?>>(StatusCodes.Status201Created, Present(answer));
    }

    private static async Task<IResult> GetAsync(string id, ClientStore store) =>
        await store.ReadAsync(id) is { } record
            ? ApiResults.Ok(Present(ClientMetadataJson.WriteAdmin(ClientStore.Deserialize(record.Registration, id), record)))
            : ApiResults.NotFound("no such client");

    /// <summary>Replaces the metadata (RFC 7592 §2.2 semantics: omitted metadata is removed); admin settings absent from the body are kept.</summary>
    private static async Task<IResult> UpdateAsync(string id, Approver admin, ApiBody body, ClientStore store, ClientRegistrar registrar)
    {
        if (await store.ReadAsync(id) is not { } current)
        {
            return ApiResults.NotFound("no such client");
        }

        var (draft, error) = registrar.Draft(body.Root, ClientStore.Deserialize(current.Registration, id), registrar.AdminLimits, admin: true);
        if (error is not null)
        {
            return Refused(error);
        }

        if (await registrar.ReplaceAsync(draft!.Client, current, "client.updated", admin.Id) is not { } stored)
        {
            return ApiResults.Conflict(ApiErrors.Conflict, "the client was changed concurrently; read it and try again");
        }

        var answer = ClientMetadataJson.WriteAdmin(draft.Client, stored);
        answer[ClientMetadataJson.ClientSecret] = draft.Secret;
        return ApiResults.Ok(Present(answer));
    }

    private static async Task<IResult> SwitchAsync(string id, bool enabled, Approver admin, ClientStore store, ClientRegistrar registrar)
    {
        if (await store.ReadAsync(id) is not { } current)
        {
            return ApiResults.NotFound("no such client");
        }

        var client = ClientStore.Deserialize(current.Registration, id);
        client.Enabled = enabled;
        return await registrar.ReplaceAsync(client, current, enabled ? "client.enabled" : "client.disabled", admin.Id) is { } stored
            ? ApiResults.Ok(Present(ClientMetadataJson.WriteAdmin(client, stored)))
            : ApiResults.Conflict(ApiErrors.Conflict, "the client was changed concurrently; try again");
    }

    /// <summary>A new secret replaces the old one at once, on this gateway now and on the others within the cache lifetime.</summary>
    private static async Task<IResult> RotateSecretAsync(string id, Approver admin, ApiBody body, ClientStore store, ClientRegistrar registrar)
    {
        if (await store.ReadAsync(id) is not { } current)
        {
            return ApiResults.NotFound("no such client");
        }

        var client = ClientStore.Deserialize(current.Registration, id);
        if (client.Public || client.TokenEndpointAuthMethod is not null)
        {
            return ApiResults.BadRequest("this client does not authenticate with a secret");
        }

        (var secret, client.SecretHash) = ClientRegistrar.NewSecret();
        return await registrar.ReplaceAsync(client, current, "client.secret_rotated", admin.Id) is not null
            ? ApiResults.Ok(new Dictionary<string, string> { [ClientMetadataJson.ClientId] = id, [ClientMetadataJson.ClientSecret] = secret })
            : ApiResults.Conflict(ApiErrors.Conflict, "the client was changed concurrently; try again");
    }

    private static async Task<IResult> DeleteAsync(string id, Approver admin, ClientStore store, ClientRegistry registry, ClientRegistrar registrar)
    {
        if (registry.Configured.ContainsKey(id))
        {
            return ApiResults.Conflict(ApiErrors.Conflict, "a configured client is removed from the configuration; disable it here");
        }

        if (await store.ReadAsync(id) is not { } current)
        {
            return ApiResults.NotFound("no such client");
        }

        return await registrar.DeleteAsync(id, current, admin.Id)
            ? Results.NoContent()
            : ApiResults.Conflict(ApiErrors.Conflict, "the client was changed concurrently; try again");
    }

    private static IResult Refused(OAuthError error) => ApiResults.Error(error.Status, error.Error, error.Description ?? error.Error);

    private static Dictionary<string, object?> Present(Dictionary<string, object?> members) =>
        members.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value);

    [GeneratedRegex("^[A-Za-z0-9._~-]{1,128}$")]
    private static partial Regex ClientIdPattern();
}
