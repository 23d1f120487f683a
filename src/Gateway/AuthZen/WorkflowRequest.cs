using System.Collections.Immutable;

namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>The ARAP access request to submit for a requestable denial, and the evaluations to repeat with the approval.</summary>
/// <param name="Endpoint">The access request endpoint.</param>
/// <param name="AccessRequest">The access request body (without callback and requested_access).</param>
/// <param name="Reevaluations">Every evaluation of the request, to repeat with <c>context.approval</c>.</param>
public sealed record WorkflowRequest(string Endpoint, string AccessRequest, ImmutableArray<string> Reevaluations);
