using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>
/// How to reach the external system that decides for one approver, fixed when the deferral is created. Secrets are
/// sealed (AES-256-GCM under the key ring) so that stored state never holds them in clear.
/// </summary>
/// <param name="ApproverId">The approver the system decides for.</param>
/// <param name="Kind">Webhook or ARAP.</param>
/// <param name="Url">The webhook URL, or the ARAP access request endpoint.</param>
/// <param name="SealedSecrets">The sealed <see cref="ConnectorSecrets"/> (JSON).</param>
/// <param name="CallbackUrl">Where the system reports back (the gateway's <c>/connectors/{approver}/callback</c>).</param>
/// <param name="Timeout">Timeout of every HTTP call to the system.</param>
/// <param name="AccessRequest">
/// ARAP only: the access request body without <c>callback</c> and <c>requested_access</c> (subject, resource and
/// action or items, context, denial, client), as JSON.
/// </param>
/// <param name="ReevaluationUrl">ARAP from a PDP's requestable denial: the evaluation endpoint to re-evaluate with <c>context.approval</c>.</param>
/// <param name="Reevaluations">The AuthZEN evaluation requests (JSON) to repeat with the approval before it counts.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ConnectorBinding")]
public sealed record ConnectorBinding(
    [property: Id(0)] string ApproverId,
    [property: Id(1)] ConnectorKind Kind,
    [property: Id(2)] string Url,
    [property: Id(3)] byte[] SealedSecrets,
    [property: Id(4)] string CallbackUrl,
    [property: Id(5)] TimeSpan Timeout,
    [property: Id(6)] string? AccessRequest = null,
    [property: Id(7)] string? ReevaluationUrl = null,
    [property: Id(8)] ImmutableArray<string>? Reevaluations = null);
