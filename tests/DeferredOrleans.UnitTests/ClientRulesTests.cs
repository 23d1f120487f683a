using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Clients;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Jose;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// The rules every client obeys have one home (<see cref="ClientRules"/>): a client refused by configuration is refused
/// by dynamic registration for the same reason, and one accepted by either is accepted by both. Each case states the
/// same client both ways and names the rule's words both refusals must carry, or null.
/// </summary>
public sealed class ClientRulesTests
{
    private const string SecretHash = "pbkdf2-sha256$100000$xNF4brUXVWrQlqFLyQHr8g$bqHwho6ReoPWcWItD7BxVtc_dSe8OLuKLA1hHme_Q2U";

    public sealed record Client(
        bool Public = false, string Grant = "client_credentials", string? DeliveryMode = null, string? PingEndpoint = null,
        bool PrivateKeyJwt = false, string[]? KeyTypes = null, string? JwksUri = null, string? DeferredEndpoint = null);

    public static TheoryData<string, Client, string?> Cases() => new()
    {
        { "confidential, client credentials", new Client(), null },
        { "public, client credentials", new Client(Public: true), "is public and cannot use client_credentials" },
        { "public, CIBA grant", new Client(Public: true, Grant: "urn:openid:params:grant-type:ciba"), null },
        { "CIBA ping with an endpoint", new Client(DeliveryMode: "ping", PingEndpoint: "https://agent.example/ping"), null },
        { "CIBA ping without an endpoint", new Client(DeliveryMode: "ping"), "push is not supported" },
        { "CIBA push", new Client(DeliveryMode: "push"), "push is not supported" },
        { "private_key_jwt with an EC key", new Client(PrivateKeyJwt: true, KeyTypes: ["EC"]), null },
        { "private_key_jwt with a jwks_uri", new Client(PrivateKeyJwt: true, JwksUri: "https://agent.example/jwks"), null },
        { "private_key_jwt without keys", new Client(PrivateKeyJwt: true), "needs exactly one of jwks and jwks_uri" },
        { "private_key_jwt with both key sources", new Client(PrivateKeyJwt: true, KeyTypes: ["EC"], JwksUri: "https://agent.example/jwks"), "needs exactly one of jwks and jwks_uri" },
        { "private_key_jwt with an oct key", new Client(PrivateKeyJwt: true, KeyTypes: ["oct"]), "not one or more EC or RSA keys" },
        { "jwks_uri at a private address", new Client(PrivateKeyJwt: true, JwksUri: "https://10.0.0.7/jwks"), "jwks_uri must not be a private, loopback or link-local address" },
        { "notification endpoint over http", new Client(DeferredEndpoint: "http://agent.example/done"), "deferred_client_notification_endpoint must use https" },
        { "ping endpoint at loopback", new Client(DeliveryMode: "ping", PingEndpoint: "https://127.0.0.1/ping"), "backchannel_client_notification_endpoint must not be a private" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Configuration_And_DynamicRegistration_RefuseTheSameClients(string name, Client client, string? refusal)
    {
        var configured = ClientRegistry.Problems(AsConfigured(client), OrganizationDirectory.From(new DirectoryOptions()), new CallbackOptions());
        var registered = ClientMetadataRules.Check(AsMetadata(client), Limits);

        if (refusal is null)
        {
            Assert.True(configured.Count == 0, $"{name}: configuration refused {string.Join("; ", configured)}");
            Assert.True(registered is null, $"{name}: registration refused {registered?.Description}");
        }
        else
        {
            Assert.Contains(configured, problem => problem.Contains(refusal, StringComparison.Ordinal));
            Assert.NotNull(registered);
            Assert.Contains(refusal, registered.Description, StringComparison.Ordinal);
        }
    }

    private static readonly RegistrationLimits Limits = new(
        new HashSet<string>(["client_credentials", "urn:openid:params:grant-type:ciba"], StringComparer.Ordinal), ["*"], Development: false);

    private static ClientRegistration AsConfigured(Client client) => new()
    {
        ClientId = "agent",
        Public = client.Public,
        SecretHash = client.Public || client.PrivateKeyJwt ? null : SecretHash,
        GrantTypes = [client.Grant],
        BackchannelTokenDeliveryMode = client.DeliveryMode ?? "poll",
        BackchannelClientNotificationEndpoint = client.PingEndpoint,
        TokenEndpointAuthMethod = client.PrivateKeyJwt ? ClientAuthMethods.PrivateKeyJwt : null,
        Jwks = [.. (client.KeyTypes ?? []).Select(kty => new TrustedKeyOptions { Kty = kty })],
        JwksUri = client.JwksUri,
        DeferredNotificationEndpoint = client.DeferredEndpoint,
    };

    private static ClientMetadata AsMetadata(Client client) => new()
    {
        TokenEndpointAuthMethod = client.Public ? ClientAuthMethods.None : client.PrivateKeyJwt ? ClientAuthMethods.PrivateKeyJwt : null,
        GrantTypes = [client.Grant],
        BackchannelTokenDeliveryMode = client.DeliveryMode,
        BackchannelClientNotificationEndpoint = client.PingEndpoint,
        JwksKeyTypes = client.KeyTypes is null ? null : [.. client.KeyTypes],
        JwksUri = client.JwksUri,
        DeferredNotificationEndpoint = client.DeferredEndpoint,
    };
}
