using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Abstractions.Clients;
using DeferredOrleans.Core.Clients;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Jose;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Registration;

/// <summary>
/// Client metadata on the wire (RFC 7591 §2, CIBA Core §4, DTR §7.2): read from a registration request into
/// <see cref="ClientMetadata"/> with its keys, applied to a <see cref="ClientRegistration"/>, and written back.
/// Members this server does not know are ignored (RFC 7591 §2); a known member of the wrong type is refused.
/// </summary>
public static class ClientMetadataJson
{
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";

    /// <summary>The members that are written by the server and never read from a request (RFC 7592 §2.2).</summary>
    public static readonly string[] ServerMembers = ["registration_access_token", "registration_client_uri", "client_secret_expires_at", "client_id_issued_at"];

    private static readonly string[] PrivateKeyMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>The metadata of <paramref name="root"/> and the public keys of its <c>jwks</c>, or the first problem.</summary>
    public static (ClientMetadata? Metadata, List<TrustedKeyOptions> Keys, MetadataProblem? Problem) Read(JsonElement root)
    {
        var problems = new List<MetadataProblem>();
        var keys = new List<TrustedKeyOptions>();
        ImmutableArray<string>? keyTypes = null;
        if (root.TryGetProperty("jwks", out var jwks))
        {
            keyTypes = ReadKeys(jwks, keys, problems);
        }

        var metadata = new ClientMetadata
        {
            ClientName = Text(root, "client_name", problems),
            RedirectUris = Strings(root, "redirect_uris", problems, MetadataProblemKind.RedirectUri) ?? [],
            TokenEndpointAuthMethod = Text(root, "token_endpoint_auth_method", problems),
            GrantTypes = Strings(root, "grant_types", problems),
            ResponseTypes = Strings(root, "response_types", problems),
            Scope = Text(root, "scope", problems),
            JwksKeyTypes = keyTypes,
            JwksUri = Text(root, "jwks_uri", problems),
            DeferredNotificationEndpoint = Text(root, "deferred_client_notification_endpoint", problems),
            BackchannelTokenDeliveryMode = Text(root, "backchannel_token_delivery_mode", problems),
            BackchannelClientNotificationEndpoint = Text(root, "backchannel_client_notification_endpoint", problems),
            BackchannelUserCodeParameter = Flag(root, "backchannel_user_code_parameter", problems) ?? false,
        };
        return problems is [var first, ..] ? (null, keys, first) : (metadata, keys, null);
    }

    /// <summary>Replaces what metadata covers in <paramref name="client"/>; what it does not cover (lifetimes, admin settings) is kept.</summary>
    public static void Apply(ClientMetadata metadata, List<TrustedKeyOptions> keys, ClientRegistration client)
    {
        var credential = ClientAuthMethods.All[metadata.EffectiveAuthMethod].Credential;
        client.Name = metadata.ClientName;
        client.Public = credential == ClientCredentialKind.None;
        // A secret or no credential is the configuration's default (method unset); any other method is named.
        client.TokenEndpointAuthMethod = credential is ClientCredentialKind.Secret or ClientCredentialKind.None ? null : metadata.EffectiveAuthMethod;
        client.Jwks = keys;
        client.JwksUri = metadata.JwksUri;
        if (credential != ClientCredentialKind.Secret)
        {
            client.SecretHash = null;
        }

        client.GrantTypes = [.. metadata.EffectiveGrantTypes];
        client.Scopes = [.. metadata.Scopes];
        client.RedirectUris = [.. metadata.RedirectUris];
        client.DeferredNotificationEndpoint = metadata.DeferredNotificationEndpoint;
        client.BackchannelTokenDeliveryMode = metadata.BackchannelTokenDeliveryMode ?? "poll";
        client.BackchannelClientNotificationEndpoint = metadata.BackchannelClientNotificationEndpoint;
        client.BackchannelUserCodeParameter = metadata.BackchannelUserCodeParameter;
    }

    /// <summary>
    /// The settings only an admin may give, beyond client metadata: who an agent acts for, deferral without opt-in,
    /// introspection, telling the subject of decisions, default scopes, enabled. Absent members keep their values.
    /// </summary>
    public static MetadataProblem? ApplyAdminSettings(JsonElement root, ClientRegistration client)
    {
        var problems = new List<MetadataProblem>();
        client.ActsFor = root.TryGetProperty("acts_for", out _) ? Text(root, "acts_for", problems) : client.ActsFor;
        client.DeferWithoutOptIn = Flag(root, "defer_without_opt_in", problems) ?? client.DeferWithoutOptIn;
        client.MayIntrospect = Flag(root, "may_introspect", problems) ?? client.MayIntrospect;
        client.NotifySubjectOfDecision = Flag(root, "notify_subject_of_decision", problems) ?? client.NotifySubjectOfDecision;
        client.Enabled = Flag(root, "enabled", problems) ?? client.Enabled;
        if (root.TryGetProperty("default_scope", out _))
        {
            client.DefaultScopes = [.. (Text(root, "default_scope", problems) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        return problems.FirstOrDefault();
    }

    /// <summary>The admin view: the metadata and the settings only an admin gives.</summary>
    public static Dictionary<string, object?> WriteAdmin(ClientRegistration client, ClientRecord record)
    {
        var members = Write(client);
        members["enabled"] = client.Enabled;
        members["origin"] = record.Origin.ToString().ToLowerInvariant();
        members["version"] = record.Version;
        members["acts_for"] = client.ActsFor;
        members["defer_without_opt_in"] = client.DeferWithoutOptIn;
        members["may_introspect"] = client.MayIntrospect;
        members["notify_subject_of_decision"] = client.NotifySubjectOfDecision;
        members["default_scope"] = client.DefaultScopes.Count > 0 ? string.Join(' ', client.DefaultScopes) : null;
        return members;
    }

    /// <summary>The registered metadata as RFC 7591 §3.2.1 returns it (never a secret or its hash).</summary>
    public static Dictionary<string, object?> Write(ClientRegistration client)
    {
        var members = new Dictionary<string, object?>
        {
            [ClientId] = client.ClientId,
            ["client_name"] = client.Name,
            ["token_endpoint_auth_method"] = AuthMethod(client),
            ["grant_types"] = client.GrantTypes,
            ["response_types"] = client.GrantTypes.Contains(GrantTypes.AuthorizationCode, StringComparer.Ordinal) ? new[] { ResponseTypes.Code } : [],
            ["redirect_uris"] = client.RedirectUris,
            ["scope"] = client.Scopes.Count > 0 ? string.Join(' ', client.Scopes) : null,
            ["jwks"] = client.Jwks.Count > 0 ? new { keys = client.Jwks.Select(k => new { kid = k.Kid, kty = k.Kty, crv = k.Crv, x = k.X, y = k.Y, n = k.N, e = k.E }) } : null,
            ["jwks_uri"] = client.JwksUri,
            ["deferred_client_notification_endpoint"] = client.DeferredNotificationEndpoint,
            ["backchannel_token_delivery_mode"] = client.BackchannelTokenDeliveryMode,
            ["backchannel_client_notification_endpoint"] = client.BackchannelClientNotificationEndpoint,
            ["backchannel_user_code_parameter"] = client.BackchannelUserCodeParameter,
        };
        foreach (var absent in members.Where(m => m.Value is null).Select(m => m.Key).ToList())
        {
            members.Remove(absent);
        }

        return members;
    }

    /// <summary>The method the client registered: secret clients accept both secret methods, and are shown as basic (the RFC 7591 default).</summary>
    public static string AuthMethod(ClientRegistration client) =>
        client.Public ? ClientAuthMethods.None : client.TokenEndpointAuthMethod ?? ClientAuthMethods.SecretBasic;

    private static ImmutableArray<string>? ReadKeys(JsonElement jwks, List<TrustedKeyOptions> keys, List<MetadataProblem> problems)
    {
        if (jwks.ValueKind != JsonValueKind.Object || !jwks.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            problems.Add(MetadataProblem.Metadata("jwks must be a JWK Set, an object with a keys array"));
            return null;
        }

        foreach (var key in list.EnumerateArray())
        {
            // RFC 7591 §2: jwks holds the client's public keys; a private key sent here is refused, never stored.
            if (key.ValueKind != JsonValueKind.Object || PrivateKeyMembers.Any(m => key.TryGetProperty(m, out _)))
            {
                problems.Add(MetadataProblem.Metadata("each jwks key must be a public JWK"));
                return null;
            }

            keys.Add(new TrustedKeyOptions
            {
                Kid = KeyText(key, "kid"), Kty = KeyText(key, "kty") ?? "", Crv = KeyText(key, "crv"),
                X = KeyText(key, "x"), Y = KeyText(key, "y"), N = KeyText(key, "n"), E = KeyText(key, "e"),
            });
        }

        return [.. keys.Select(k => k.Kty)];
    }

    private static string? Text(JsonElement root, string name, List<MetadataProblem> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(MetadataProblem.Metadata($"{name} must be a string"));
            return null;
        }

        return value.GetString();
    }

    private static bool? Flag(JsonElement root, string name, List<MetadataProblem> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add(MetadataProblem.Metadata($"{name} must be true or false"));
            return null;
        }

        return value.GetBoolean();
    }

    private static ImmutableArray<string>? Strings(JsonElement root, string name, List<MetadataProblem> problems, MetadataProblemKind kind = MetadataProblemKind.ClientMetadata)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            problems.Add(new MetadataProblem(kind, $"{name} must be an array of strings"));
            return null;
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static string? KeyText(JsonElement key, string name) =>
        key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
