using System.Collections.Concurrent;
using System.Collections.Frozen;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Clients;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// The configured clients, validated at start, and the last known registration of every client this gateway has read
/// through <see cref="ClientStore"/>. Authentication asks the store; this synchronous view serves what may lag by the
/// store's cache time (names shown to approvers, <c>ActsFor</c> of a request already admitted).
/// </summary>
public sealed class ClientRegistry
{
    private readonly FrozenDictionary<string, ClientRegistration> _clients;
    private readonly ConcurrentDictionary<string, ClientRegistration> _known = new(StringComparer.Ordinal);

    public ClientRegistry(IEnumerable<ClientRegistration> clients, OrganizationDirectory directory, CallbackOptions callbacks)
    {
        var list = clients.ToList();
        var problems = list.SelectMany(client => Problems(client, directory, callbacks)).ToList();
        problems.AddRange(list.GroupBy(c => c.ClientId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"client '{g.Key}' is registered more than once"));
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException("clients", problems);
        }

        _clients = list.ToFrozenDictionary(c => c.ClientId, StringComparer.Ordinal);
    }

    /// <summary>The clients of <c>DeferredOrleans:Clients</c>, as configured.</summary>
    public FrozenDictionary<string, ClientRegistration> Configured => _clients;

    /// <summary>The last known registration of <paramref name="clientId"/>: as last read from its grain, else as configured.</summary>
    public ClientRegistration? Find(string clientId) => _known.TryGetValue(clientId, out var known) ? known : _clients.GetValueOrDefault(clientId);

    /// <summary>What approvers see for a client: its registered name, else its id.</summary>
    public string NameOf(string clientId) => Find(clientId)?.Name is { Length: > 0 } name ? name : clientId;

    /// <summary>Records what <see cref="ClientStore"/> read; null when the client has no registration.</summary>
    public void Remember(string clientId, ClientRegistration? client)
    {
        if (client is null)
        {
            _known.TryRemove(clientId, out _);
        }
        else
        {
            _known[clientId] = client;
        }
    }

    /// <summary>What is wrong with one registration, whether configured or made at runtime; empty when nothing is.</summary>
    public static List<string> Problems(ClientRegistration client, OrganizationDirectory directory, CallbackOptions callbacks)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(client.ClientId))
        {
            problems.Add("a client has no ClientId");
        }

        if (client.TokenEndpointAuthMethod is { } method && method != ClientAuthenticator.PrivateKeyJwt && !client.UsesMutualTls)
        {
            problems.Add($"invalid_client_metadata: client '{client.ClientId}' token_endpoint_auth_method must be private_key_jwt, tls_client_auth, self_signed_tls_client_auth or unset (a secret, or none for a public client)");
        }
        else if (client.UsesMutualTls)
        {
            problems.AddRange(MutualTlsProblems(client));
        }
        else if (client.UsesPrivateKeyJwt)
        {
            if (client.Public || client.SecretHash is not null)
            {
                problems.Add($"invalid_client_metadata: client '{client.ClientId}' uses private_key_jwt and must be neither public nor have a SecretHash");
            }

            if (ClientRules.OneKeySource(client.Jwks.Count > 0 ? [.. client.Jwks.Select(k => k.Kty)] : null, client.JwksUri) is { } keyProblem)
            {
                problems.Add($"invalid_client_metadata: client '{client.ClientId}' {keyProblem}");
            }
        }
        else if (client.Public ? client.SecretHash is not null : !SecretHasher.IsValid(client.SecretHash))
        {
            problems.Add(client.Public
                ? $"client '{client.ClientId}' is public and must not have a SecretHash"
                : $"client '{client.ClientId}' needs a SecretHash made by hash-secret");
        }

        if (ClientRules.ConfidentialForClientCredentials(client.Public, client.GrantTypes) is { } confidential)
        {
            problems.Add($"client '{client.ClientId}' {confidential}");
        }

        if (ClientRules.CibaDeliverySupported(client.BackchannelTokenDeliveryMode, client.BackchannelClientNotificationEndpoint) is { } delivery)
        {
            problems.Add($"client '{client.ClientId}' {delivery}");
        }

        // RFC 7591 §3.2.2 names this refusal invalid_client_metadata; here registration may be configuration.
        problems.AddRange(ClientRules.UnsafeEndpoints(client.JwksUri, client.DeferredNotificationEndpoint, client.BackchannelClientNotificationEndpoint, callbacks.AllowPrivateTargets)
            .Select(problem => $"invalid_client_metadata: client '{client.ClientId}' {problem}"));

        if (client.ActsFor is { } user && directory.FindUser(user) is null)
        {
            problems.Add($"client '{client.ClientId}' acts for unknown user '{user}'");
        }

        return problems;
    }

    /// <summary>RFC 8705 §2.1.2 and §2.2: what a client authenticating with a certificate must register.</summary>
    private static IEnumerable<string> MutualTlsProblems(ClientRegistration client)
    {
        var id = client.ClientId;
        if (client.Public || client.SecretHash is not null || client.JwksUri is not null)
        {
            yield return $"invalid_client_metadata: client '{id}' uses {client.TokenEndpointAuthMethod} and must be neither public nor have a SecretHash or JwksUri";
        }

        string?[] names = [client.TlsClientAuthSubjectDn, client.TlsClientAuthSanDns, client.TlsClientAuthSanUri, client.TlsClientAuthSanIp, client.TlsClientAuthSanEmail];
        var named = names.Count(n => n is not null);
        if (client.TokenEndpointAuthMethod == ClientAuthenticator.TlsClientAuth)
        {
            // RFC 8705 §2.1.2: exactly one of the five names the certificate is expected to carry.
            if (named != 1)
            {
                yield return $"invalid_client_metadata: client '{id}' uses tls_client_auth and needs exactly one of TlsClientAuthSubjectDn, TlsClientAuthSanDns, TlsClientAuthSanUri, TlsClientAuthSanIp and TlsClientAuthSanEmail";
            }

            if (client.TlsClientAuthSanIp is { } ip && !System.Net.IPAddress.TryParse(ip, out _))
            {
                yield return $"invalid_client_metadata: client '{id}' TlsClientAuthSanIp '{ip}' is not an IP address";
            }

            if (client.TlsClientAuthSubjectDn is { } dn && !IsDistinguishedName(dn))
            {
                yield return $"invalid_client_metadata: client '{id}' TlsClientAuthSubjectDn '{dn}' is not a distinguished name";
            }

            yield break;
        }

        // RFC 8705 §2.2: the certificates themselves are registered, and no name.
        if (named > 0)
        {
            yield return $"invalid_client_metadata: client '{id}' uses self_signed_tls_client_auth and registers certificates, not TlsClientAuth names";
        }

        if (client.TlsClientCertificateThumbprints.Count == 0 && !client.Jwks.Any(k => k.X5c.Count > 0))
        {
            yield return $"invalid_client_metadata: client '{id}' uses self_signed_tls_client_auth and needs a certificate: a Jwks member with x5c, or TlsClientCertificateThumbprints";
        }

        if (client.Jwks.Any(k => k.X5c.Count > 0 && ClientCertificates.DerOf(k.X5c[0]) is null))
        {
            yield return $"invalid_client_metadata: client '{id}' has an x5c that is not base64";
        }
    }

    private static bool IsDistinguishedName(string dn)
    {
        try
        {
            return new System.Security.Cryptography.X509Certificates.X500DistinguishedName(dn).EnumerateRelativeDistinguishedNames().Any();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
