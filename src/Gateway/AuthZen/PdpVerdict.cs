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
