using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Clients;
using DeferredOrleans.Core.Clients;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Security;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Registration;

/// <summary>
/// Makes, changes and removes client registrations for the admin API and for dynamic registration: the metadata is
/// validated (<see cref="ClientMetadataRules"/>, then the same checks as configured clients), stored in the client's
/// grain, made the one in force on this gateway at once (other gateways within the cache lifetime), and audited.
/// Secrets and registration access tokens are generated here, returned once, and stored only as hashes.
/// </summary>
public sealed class ClientRegistrar(
    ClientStore store, PolicyStore policy, GrantHandlers grants, IOptions<RegistrationOptions> registration, IOptions<CallbackOptions> callbacks,
    IGrainFactory grains, TimeProvider time, ILogger<ClientRegistrar> logger)
{
    /// <summary>What an admin may register: every grant type the server offers, any scope.</summary>
    public RegistrationLimits AdminLimits => new(grants.GrantTypes.ToHashSet(StringComparer.Ordinal), ["*"], callbacks.Value.AllowPrivateTargets);

    /// <summary>What a client may register for itself: the configured grant types and scopes.</summary>
    public RegistrationLimits DynamicLimits
    {
        get
        {
            var offered = grants.GrantTypes.ToHashSet(StringComparer.Ordinal);
            if (registration.Value.GrantTypes.Count > 0)
            {
                offered.IntersectWith(registration.Value.GrantTypes);
            }

            return new(offered, registration.Value.Scopes, callbacks.Value.AllowPrivateTargets);
        }
    }

    /// <summary>
    /// Applies the metadata of <paramref name="body"/> to <paramref name="target"/> (a copy) and validates the result;
    /// issues a secret when the method needs one and the client has none yet.
    /// </summary>
    public (ClientDraft? Draft, OAuthError? Error) Draft(JsonElement body, ClientRegistration target, RegistrationLimits limits, bool admin)
    {
        var (metadata, keys, problem) = ClientMetadataJson.Read(body);
        problem ??= ClientMetadataRules.Check(metadata!, limits);
        problem ??= admin ? ClientMetadataJson.ApplyAdminSettings(body, target) : null;
        if (problem is not null)
        {
            return (null, Refusal(problem));
        }

        ClientMetadataJson.Apply(metadata!, keys, target);
        string? secret = null;
        if (ClientAuthMethods.All[metadata!.EffectiveAuthMethod].Credential == ClientCredentialKind.Secret && target.SecretHash is null)
        {
            (secret, target.SecretHash) = NewSecret();
        }

        return ClientRegistry.Problems(target, policy.Directory, callbacks.Value) is [var first, ..]
            ? (null, new OAuthError(OAuthErrors.InvalidClientMetadata, first))
            : (new ClientDraft(target, secret), null);
    }

    /// <summary>Stores a new client; null when its id is taken.</summary>
    public async Task<ClientRecord?> CreateAsync(ClientRegistration client, ClientOrigin origin, string? registrationTokenHash, string? adminId)
    {
        var stored = await grains.GetGrain<IClientGrain>(client.ClientId).CreateAsync(new ClientRecord(ClientStore.Serialize(client), origin, registrationTokenHash));
        if (stored is not null)
        {
            store.Remember(client.ClientId, stored);
            await AuditAsync("client.registered", client.ClientId, adminId, $"{origin} registration, {ClientMetadataJson.AuthMethod(client)}");
        }

        return stored;
    }

    /// <summary>Replaces the client's registration if nobody changed it since <paramref name="current"/> was read; null on a conflict.</summary>
    public async Task<ClientRecord?> ReplaceAsync(ClientRegistration client, ClientRecord current, string kind, string? adminId)
    {
        // A change through the admin API takes a configured client over: the configuration no longer replaces it.
        var origin = current.Origin == ClientOrigin.Configuration ? ClientOrigin.Admin : current.Origin;
        var stored = await grains.GetGrain<IClientGrain>(client.ClientId).ReplaceAsync(current with { Registration = ClientStore.Serialize(client), Origin = origin }, current.Version);
        if (stored is not null)
        {
            store.Remember(client.ClientId, stored);
            await AuditAsync(kind, client.ClientId, adminId, $"version {stored.Version}");
        }

        return stored;
    }

    /// <summary>Removes the client's registration if nobody changed it since <paramref name="current"/> was read.</summary>
    public async Task<bool> DeleteAsync(string clientId, ClientRecord current, string? adminId)
    {
        if (!await grains.GetGrain<IClientGrain>(clientId).DeleteAsync(current.Version))
        {
            return false;
        }

        store.Remember(clientId, null);
        await AuditAsync("client.deleted", clientId, adminId, $"{current.Origin} registration");
        return true;
    }

    /// <summary>A new random secret (256 bits, so a fast hash suffices, as for tokens) and its hash.</summary>
    public static (string Secret, string Hash) NewSecret()
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (secret, SecretHasher.HashToken(secret));
    }

    /// <summary>A client id the server issues (RFC 7591 §3.2.1): random, so that it is not guessed or reused.</summary>
    public static string NewClientId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>RFC 7591 §3.2.2: the two registration errors.</summary>
    public static OAuthError Refusal(MetadataProblem problem) => new(
        problem.Kind == MetadataProblemKind.RedirectUri ? OAuthErrors.InvalidRedirectUri : OAuthErrors.InvalidClientMetadata,
        problem.Description);

    private Task AuditAsync(string kind, string clientId, string? adminId, string detail) =>
        grains.RecordAsync(new AuditEvent(kind, time.GetUtcNow(), ClientId: clientId, ApproverId: adminId, Detail: detail), logger);
}
