using System.Collections.Immutable;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>What the PDP said about a whole token request.</summary>
public abstract record PdpVerdict
{
    /// <summary>Every evaluation allowed: the local policy decides as usual.</summary>
    public sealed record Allowed : PdpVerdict;

    /// <summary>A denial that is not requestable: answered at once, never deferred (AROP).</summary>
    public sealed record Refused(OAuthError Error) : PdpVerdict;

    /// <summary>Only requestable denials: with the client's opt-in, defer to an ARAP task.</summary>
    public sealed record Requestable(WorkflowRequest Workflow) : PdpVerdict;

    /// <summary>The PDP did not answer properly (timeout, 5xx, malformed): 503, nothing written.</summary>
    public sealed record Unavailable : PdpVerdict;
}

/// <summary>The ARAP access request to submit for a requestable denial, and the evaluations to repeat with the approval.</summary>
/// <param name="Endpoint">The access request endpoint.</param>
/// <param name="AccessRequest">The access request body (without callback and requested_access).</param>
/// <param name="Reevaluations">Every evaluation of the request, to repeat with <c>context.approval</c>.</param>
public sealed record WorkflowRequest(string Endpoint, string AccessRequest, ImmutableArray<string> Reevaluations);
