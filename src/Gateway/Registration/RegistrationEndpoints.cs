using System.Text.Json;
using DeferredOrleans.Abstractions.Clients;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DeferredOrleans.Gateway.Registration;

/// <summary>
/// Dynamic client registration (RFC 7591 §3) at <c>/register</c>, for holders of the operator's initial access
/// token, and its management (RFC 7592 §2) at <c>/register/{client_id}</c> with the registration access token issued
/// then. Mapped only when <see cref="RegistrationOptions.Enabled"/>; otherwise the paths do not exist (404) and no
/// <c>registration_endpoint</c> is advertised. A refused request stores nothing.
/// </summary>
public static class RegistrationEndpoints
{
    public const string Path = "/register";

    private static readonly OAuthError BadToken = new(OAuthErrors.InvalidToken, "the access token is missing or not valid");

    public static IEndpointRouteBuilder MapRegistrationEndpoints(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<RegistrationOptions>>().Value.Enabled)
        {
            return app;
        }

        app.MapPost(Path, RegisterAsync);
        app.MapGet($"{Path}/{{clientId}}", ReadAsync);
        app.MapPut($"{Path}/{{clientId}}", UpdateAsync);
        app.MapDelete($"{Path}/{{clientId}}", DeleteAsync);
        return app;
    }

    /// <summary>RFC 7591 §3.1 and §3.2.1: the metadata in force, the client id, a secret if the method needs one, and the management credentials.</summary>
    private static async Task<IResult> RegisterAsync(HttpRequest http, ClientRegistrar registrar, IOptions<RegistrationOptions> options, IOptions<ServerOptions> server, TimeProvider time)
    {
        if (Bearer(http) is not { } token || options.Value.InitialAccessTokenHash is not { } hash || !SecretHasher.Verify(token, hash))
        {
            return OAuthJsonResult.For(BadToken);
        }

        var (document, readError) = await JsonBody.ReadAsync(http);
        using (document)
        {
            if (readError is not null)
            {
                return OAuthJsonResult.For(new OAuthError(OAuthErrors.InvalidClientMetadata, readError));
            }

            var (draft, error) = registrar.Draft(document!.RootElement, new ClientRegistration { ClientId = ClientRegistrar.NewClientId() }, registrar.DynamicLimits, admin: false);
            if (error is not null)
            {
                return OAuthJsonResult.For(error);
            }

            var (registrationToken, registrationTokenHash) = ClientRegistrar.NewSecret();
            if (await registrar.CreateAsync(draft!.Client, ClientOrigin.Dynamic, registrationTokenHash, adminId: null) is not { } stored)
            {
                return OAuthJsonResult.For(new OAuthError(OAuthErrors.TemporarilyUnavailable, "the registration could not be stored; try again"));
            }

            var answer = Information(draft.Client, registrationToken, server.Value);
            answer["client_id_issued_at"] = stored.UpdatedAt.ToUnixTimeSeconds();
            AddSecret(answer, draft.Secret);
            return new ApiResult<Dictionary<string, object?>>(StatusCodes.Status201Created, answer);
        }
    }

    /// <summary>RFC 7592 §2.1: the registration as it is now.</summary>
    private static async Task<IResult> ReadAsync(string clientId, HttpRequest http, ClientStore store, IOptions<ServerOptions> server) =>
        await AuthorizeAsync(clientId, http, store) is ({ } current, { } token)
            ? ApiResults.Ok(Information(ClientStore.Deserialize(current.Registration, clientId), token, server.Value))
            : OAuthJsonResult.For(BadToken);

    /// <summary>
    /// RFC 7592 §2.2: the body replaces the metadata (omitted members are removed); it names the client's own id, may
    /// repeat its current secret but never choose one, and carries none of the members the server writes.
    /// </summary>
    private static async Task<IResult> UpdateAsync(string clientId, HttpRequest http, ClientStore store, ClientRegistrar registrar, IOptions<ServerOptions> server)
    {
        if (await AuthorizeAsync(clientId, http, store) is not ({ } current, { } token))
        {
            return OAuthJsonResult.For(BadToken);
        }

        var (document, readError) = await JsonBody.ReadAsync(http);
        using (document)
        {
            if (readError is not null)
            {
                return OAuthJsonResult.For(new OAuthError(OAuthErrors.InvalidClientMetadata, readError));
            }

            var root = document!.RootElement;
            var client = ClientStore.Deserialize(current.Registration, clientId);
            if (UpdateProblem(root, clientId, client) is { } problem)
            {
                return OAuthJsonResult.For(problem);
            }

            var (draft, error) = registrar.Draft(root, client, registrar.DynamicLimits, admin: false);
            if (error is not null)
            {
                return OAuthJsonResult.For(error);
            }

            if (await registrar.ReplaceAsync(draft!.Client, current, "client.updated", adminId: null) is null)
            {
                return OAuthJsonResult.For(OAuthError.InvalidRequest("the registration was changed concurrently; read it and try again"));
            }

            var answer = Information(draft.Client, token, server.Value);
            AddSecret(answer, draft.Secret);
            return ApiResults.Ok(answer);
        }
    }

    /// <summary>RFC 7592 §2.3: 204, and the client id, secret and registration access token stop working.</summary>
    private static async Task<IResult> DeleteAsync(string clientId, HttpRequest http, ClientStore store, ClientRegistrar registrar)
    {
        if (await AuthorizeAsync(clientId, http, store) is not ({ } current, not null))
        {
            return OAuthJsonResult.For(BadToken);
        }

        return await registrar.DeleteAsync(clientId, current, adminId: null)
            ? Results.NoContent()
            : OAuthJsonResult.For(OAuthError.InvalidRequest("the registration was changed concurrently; try again"));
    }

    private static OAuthError? UpdateProblem(JsonElement root, string clientId, ClientRegistration client)
    {
        if (ClientMetadataJson.ServerMembers.FirstOrDefault(m => root.TryGetProperty(m, out _)) is { } written)
        {
            return OAuthError.InvalidRequest($"{written} is written by the server and must not be sent (RFC 7592 §2.2)");
        }

        if (JsonBody.Text(root, ClientMetadataJson.ClientId) != clientId)
        {
            return OAuthError.InvalidRequest("client_id must be the client's own (RFC 7592 §2.2)");
        }

        // The secret may be repeated but never chosen by the client.
        return root.TryGetProperty(ClientMetadataJson.ClientSecret, out var secret) &&
            (secret.ValueKind != JsonValueKind.String || client.SecretHash is null || !SecretHasher.Verify(secret.GetString()!, client.SecretHash))
            ? new OAuthError(OAuthErrors.InvalidClientMetadata, "client_secret must be the current secret, or be left out")
            : null;
    }

    /// <summary>
    /// RFC 7592 §2: the registration access token must be the one issued to this client; an unknown client, one not
    /// registered dynamically, and a wrong token are the same 401.
    /// </summary>
    private static async Task<(ClientRecord? Current, string? Token)> AuthorizeAsync(string clientId, HttpRequest http, ClientStore store)
    {
        if (Bearer(http) is not { } token)
        {
            return (null, null);
        }

        var current = await store.ReadAsync(clientId);
        return current?.RegistrationTokenHash is { } hash && SecretHasher.Verify(token, hash) ? (current, token) : (null, null);
    }

    /// <summary>RFC 6750 §2.1: <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    private static string? Bearer(HttpRequest http) =>
        http.Headers[HeaderNames.Authorization].ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7
            ? header[7..].Trim()
            : null;

    /// <summary>RFC 7592 §3: the metadata with the management credentials.</summary>
    private static Dictionary<string, object?> Information(ClientRegistration client, string registrationToken, ServerOptions server)
    {
        var answer = ClientMetadataJson.Write(client);
        answer["registration_access_token"] = registrationToken;
        answer["registration_client_uri"] = server.Endpoint($"{Path}/{Uri.EscapeDataString(client.ClientId)}");
        return answer;
    }

    /// <summary>RFC 7591 §3.2.1: a secret issued now, which does not expire (0).</summary>
    private static void AddSecret(Dictionary<string, object?> answer, string? secret)
    {
        if (secret is not null)
        {
            answer[ClientMetadataJson.ClientSecret] = secret;
            answer["client_secret_expires_at"] = 0;
        }
    }
}
