using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Crypto;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Connectors;

/// <summary>
/// The connectors of a new deferral: every approver the plan may ask (escalations included) that an external system
/// decides for, and the PDP's access request task when the PDP deferred the request. Secrets are sealed here.
/// </summary>
public sealed class ConnectorBindings(ConnectorCredentials credentials, IOptions<ServerOptions> server, IOptions<ConnectorOptions> connectors, IOptions<PdpOptions> pdp)
{
    public const string CallbackPath = "/connectors/{approverId}/callback";

    public ImmutableArray<ConnectorBinding> For(DeferredTokenRequest request, ApprovalPlan plan, byte[] sealingKey, WorkflowRequest? workflow)
    {
        var bindings = ImmutableArray.CreateBuilder<ConnectorBinding>();
        var approvers = plan.Requirements.SelectMany(r => r.Approvers.Concat(r.EscalationApprovers ?? [])).Distinct(StringComparer.Ordinal);
        foreach (var approver in approvers)
        {
            if (credentials.For(approver) is not var (connector, secrets))
            {
                continue;
            }

            var kind = ConnectorCredentials.Kind(connector);
            bindings.Add(new ConnectorBinding(
                approver,
                kind,
                connector.Url,
                Seal(sealingKey, secrets),
                CallbackUrl(approver),
                connector.Timeout ?? connectors.Value.Timeout,
                kind == ConnectorKind.Arap ? AuthZenMapping.RoutedAccessRequest(request, server.Value.DefaultAudience, plan.ExpiresAt) : null));
        }

        if (workflow is not null && credentials.ForPdp() is { } pdpSecrets)
        {
            var options = pdp.Value;
            bindings.Add(new ConnectorBinding(
                options.ApproverId,
                ConnectorKind.Arap,
                workflow.Endpoint,
                Seal(sealingKey, pdpSecrets),
                CallbackUrl(options.ApproverId),
                connectors.Value.Timeout,
                workflow.AccessRequest,
                options.EvaluationUrl,
                workflow.Reevaluations));
        }

        return bindings.ToImmutable();
    }

    private string CallbackUrl(string approverId) =>
        server.Value.Endpoint(CallbackPath.Replace("{approverId}", Uri.EscapeDataString(approverId), StringComparison.Ordinal)).AbsoluteUri;

    private static byte[] Seal(byte[] key, ConnectorSecrets secrets) => Sealer.Seal(key, JsonSerializer.SerializeToUtf8Bytes(secrets));
}
