using System.Collections.Frozen;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>The registered clients, validated at start.</summary>
public sealed class ClientRegistry
{
    private readonly FrozenDictionary<string, ClientRegistration> _clients;

    public ClientRegistry(IEnumerable<ClientRegistration> clients, OrganizationDirectory directory, CallbackOptions callbacks)
    {
        var list = clients.ToList();
        var problems = new List<string>();
        foreach (var client in list)
        {
            if (string.IsNullOrWhiteSpace(client.ClientId))
            {
                problems.Add("a client has no ClientId");
            }

            if (client.Public ? client.SecretHash is not null : !SecretHasher.IsValid(client.SecretHash))
            {
                problems.Add(client.Public
                    ? $"client '{client.ClientId}' is public and must not have a SecretHash"
                    : $"client '{client.ClientId}' needs a SecretHash made by hash-secret");
            }

            // RFC 6749 §4.4: the client credentials grant MUST only be used by confidential clients.
            if (client.Public && client.GrantTypes.Contains(GrantTypes.ClientCredentials, StringComparer.Ordinal))
            {
                problems.Add($"client '{client.ClientId}' is public and cannot use client_credentials (RFC 6749 §4.4)");
            }

            if (client.BackchannelTokenDeliveryMode is not ("poll" or "ping") ||
                (client.BackchannelTokenDeliveryMode == "ping" && client.BackchannelClientNotificationEndpoint is null))
            {
                problems.Add($"client '{client.ClientId}' needs backchannel_token_delivery_mode poll, or ping with a notification endpoint (push is not supported)");
            }

            if (client.BackchannelClientNotificationEndpoint is { } ping && CallbackTargets.Problem(ping, callbacks.AllowPrivateTargets) is { } pingProblem)
            {
                problems.Add($"invalid_client_metadata: client '{client.ClientId}' backchannel_client_notification_endpoint {pingProblem}");
            }

            // RFC 7591 §3.2.2 names this refusal invalid_client_metadata; here registration is configuration.
            if (client.DeferredNotificationEndpoint is { } endpoint && CallbackTargets.Problem(endpoint, callbacks.AllowPrivateTargets) is { } problem)
            {
                problems.Add($"invalid_client_metadata: client '{client.ClientId}' deferred_client_notification_endpoint {problem}");
            }

            if (client.ActsFor is { } user && directory.FindUser(user) is null)
            {
                problems.Add($"client '{client.ClientId}' acts for unknown user '{user}'");
            }
        }

        problems.AddRange(list.GroupBy(c => c.ClientId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"client '{g.Key}' is registered more than once"));
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException("clients", problems);
        }

        _clients = list.ToFrozenDictionary(c => c.ClientId, StringComparer.Ordinal);
    }

    public ClientRegistration? Find(string clientId) => _clients.GetValueOrDefault(clientId);
}
