using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Connectors;

/// <summary>
/// Who has a connector and with which secrets: the directory's connector approvers, and the PDP's access request
/// approver. Secrets come from the configuration or from environment variables and are never logged. A bad
/// connector stops the server at start with a message naming the approver and the problem.
/// </summary>
public sealed class ConnectorCredentials
{
    /// <summary>HMAC keys shorter than this are refused: 128 bits, as for every other secret here.</summary>
    private const int MinimumSecretLength = 16;

    private readonly PolicyStore _store;
    private readonly PdpOptions _pdp;

    public ConnectorCredentials(PolicyStore store, IOptions<ConnectorOptions> connectors, IOptions<PdpOptions> pdp)
    {
        _store = store;
        _pdp = pdp.Value;
        var problems = Problems(store.Directory.Users, connectors.Value, _pdp).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException("connector", problems);
        }
    }

    /// <summary>The connector of a directory approver with its secrets, or null when it has none (or they cannot be read).</summary>
    public (ApproverConnector Connector, ConnectorSecrets Secrets)? For(string approverId) =>
        _store.Directory.FindUser(approverId)?.Connector is { } connector && Secrets(connector) is { } secrets ? (connector, secrets) : null;

    /// <summary>The PDP's access request approver and its secrets, when a PDP is configured.</summary>
    public ConnectorSecrets? ForPdp() => _pdp.Enabled && Read(_pdp.CallbackSecret, _pdp.CallbackSecretEnv) is { } secret
        ? new ConnectorSecrets(secret, Read(null, _pdp.BearerTokenEnv))
        : null;

    /// <summary>The key that signs an approver's callbacks, and whether its system speaks ARAP; null for no connector.</summary>
    public (string Secret, ConnectorKind Kind)? CallbackKey(string approverId)
    {
        if (_pdp.Enabled && string.Equals(approverId, _pdp.ApproverId, StringComparison.Ordinal) && ForPdp() is { } pdp)
        {
            return (pdp.Secret, ConnectorKind.Arap);
        }

        return For(approverId) is { } found ? (found.Secrets.Secret, Kind(found.Connector)) : null;
    }

    public static ConnectorKind Kind(ApproverConnector connector) =>
        string.Equals(connector.Kind, ApproverConnector.Arap, StringComparison.OrdinalIgnoreCase) ? ConnectorKind.Arap : ConnectorKind.Webhook;

    public static IEnumerable<string> Problems(IEnumerable<DirectoryUser> users, ConnectorOptions options, PdpOptions pdp)
    {
        foreach (var user in users.Where(u => u.Connector is not null))
        {
            var connector = user.Connector!;
            if (!string.Equals(connector.Kind, ApproverConnector.Webhook, StringComparison.OrdinalIgnoreCase) && !string.Equals(connector.Kind, ApproverConnector.Arap, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"user '{user.Id}' has a connector of unknown Kind (use webhook or arap)";
            }

            if (CallbackTargets.Problem(connector.Url, options.AllowPrivateTargets) is { } problem)
            {
                yield return $"the connector Url of user '{user.Id}' {problem} (Connectors:AllowPrivateTargets allows http and private addresses)";
            }

            if (SecretProblem(connector.Secret, connector.SecretEnv) is { } secretProblem)
            {
                yield return $"the connector of user '{user.Id}' {secretProblem}";
            }
        }

        if (!pdp.Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(pdp.EvaluationUrl, UriKind.Absolute, out _) || (pdp.AccessRequestEndpoint is { } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _)))
        {
            yield return "AuthZen:Pdp needs absolute EvaluationUrl and AccessRequestEndpoint URLs";
        }

        if (SecretProblem(pdp.CallbackSecret, pdp.CallbackSecretEnv) is { } pdpSecret)
        {
            yield return $"AuthZen:Pdp {pdpSecret}";
        }

        if (users.Any(u => string.Equals(u.Id, pdp.ApproverId, StringComparison.Ordinal)))
        {
            yield return $"AuthZen:Pdp:ApproverId '{pdp.ApproverId}' is also a directory user";
        }

        if (pdp.Interval < 1 || pdp.Interval >= pdp.ExpiresIn || pdp.ApprovalLifetime < 1)
        {
            yield return "AuthZen:Pdp needs positive ExpiresIn, Interval and ApprovalLifetime, with Interval shorter than ExpiresIn";
        }
    }

    private static ConnectorSecrets? Secrets(ApproverConnector connector) =>
        Read(connector.Secret, connector.SecretEnv) is { } secret ? new ConnectorSecrets(secret, Read(null, connector.BearerTokenEnv)) : null;

    private static string? SecretProblem(string? secret, string? environment)
    {
        if ((secret is null) == (environment is null))
        {
            return "needs exactly one of a secret and the name of an environment variable holding it";
        }

        return Read(secret, environment) is not { Length: >= MinimumSecretLength }
            ? $"secret is missing or shorter than {MinimumSecretLength} characters (is the environment variable set?)"
            : null;
    }

    private static string? Read(string? value, string? environment) =>
        value ?? (environment is null ? null : Environment.GetEnvironmentVariable(environment) is { Length: > 0 } found ? found : null);
}
