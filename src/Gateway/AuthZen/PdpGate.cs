using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>
/// Asks the AuthZEN PDP about every resource and action of a token request (AROP "Common Processing"). All allowed:
/// the local policy decides. A denial without <c>context.access_request</c>: the synchronous error of the item it
/// concerns (<c>invalid_authorization_details</c>, <c>invalid_scope</c>), never a pending code. Only requestable
/// denials: the request is deferred as a unit to an ARAP task at the access request service.
/// </summary>
public sealed class PdpGate(PdpClient client, IOptions<PdpOptions> options, IOptions<ServerOptions> server)
{
    private const int MaxEvaluations = 50;
    private readonly PdpOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public async Task<PdpVerdict> EvaluateAsync(DeferredTokenRequest request, CancellationToken cancellationToken)
    {
        var pairs = AuthZenMapping.Pairs(request, server.Value.DefaultAudience);
        if (pairs.Length > MaxEvaluations)
        {
            return new PdpVerdict.Refused(OAuthError.InvalidRequest("the request asks for too many items to evaluate"));
        }

        var evaluations = pairs.Select(p => AuthZenMapping.Evaluation(request, p)).ToList();
        var decisions = await Task.WhenAll(evaluations.Select(e => client.EvaluateAsync(e, cancellationToken)));
        if (decisions.Any(d => d is null))
        {
            return new PdpVerdict.Unavailable();
        }

        var denied = pairs.Zip(decisions, (pair, decision) => (Pair: pair, Decision: decision!)).Where(p => !p.Decision.Allowed).ToList();
        if (denied.Count == 0)
        {
            return new PdpVerdict.Allowed();
        }

        // A denial remains a denial (ARAP): one that cannot be requested decides the whole request.
        var bindings = denied.Select(d => (d.Pair, Denial: d.Decision.Denial(), Endpoint: EndpointFor(d.Decision))).ToList();
        if (bindings.FirstOrDefault(b => b.Denial is null || b.Endpoint is null) is { Pair: { } refused })
        {
            return new PdpVerdict.Refused(Refusal(refused.Origin));
        }

        var accessRequest = AuthZenMapping.AccessRequest(request, [.. bindings.Select(b => (b.Pair, b.Denial!))]);
        return new PdpVerdict.Requestable(new WorkflowRequest(bindings[0].Endpoint!, accessRequest, [.. evaluations]));
    }

    /// <summary>
    /// AROP: what the PDP's verdict makes of the local decision. Allowed leaves it standing; a plain denial is
    /// answered now; a requestable one defers the whole request to an ARAP task; no answer is 503, with nothing written.
    /// </summary>
    public (PolicyDecision Decision, WorkflowRequest? Workflow, OAuthError? Error) Apply(PolicyDecision decision, PdpVerdict verdict) => verdict switch
    {
        PdpVerdict.Unavailable => (decision, null, new OAuthError(OAuthErrors.TemporarilyUnavailable, "the policy decision point did not answer; retry later")),
        PdpVerdict.Refused refused => (decision, null, refused.Error),
        PdpVerdict.Requestable requestable => (Defer(decision), requestable.Workflow, null),
        _ => (decision, null, null),
    };

    /// <summary>The request is deferred to the workflow: alone, or beside the approvers the local policy asks for.</summary>
    private PolicyDecision.Deferred Defer(PolicyDecision decision)
    {
        var workflow = new ApprovalRequirement("workflow", ApprovalRoute.Workflow, [_options.ApproverId], 1);
        return decision is PolicyDecision.Deferred local
            ? local with { Rules = local.Rules.Add("authzen"), Requirements = local.Requirements.Add(workflow) }
            : new PolicyDecision.Deferred(
                ["authzen"],
                [workflow],
                TimeSpan.FromSeconds(_options.ExpiresIn),
                _options.Interval,
                TimeSpan.FromSeconds(_options.ApprovalLifetime),
                AllowSelfApproval: false) { Items = decision.Items };
    }

    /// <summary>AROP: the synchronous error names the kind of item that was refused.</summary>
    private static OAuthError Refusal(AccessOrigin origin) => origin == AccessOrigin.AuthorizationDetails
        ? new OAuthError(OAuthErrors.InvalidAuthorizationDetails, "a requested authorization_details entry is not allowed")
        : new OAuthError(OAuthErrors.InvalidScope, "a requested scope is not allowed");

    /// <summary>
    /// ARAP "Trusting URLs": the denial's endpoint is used only on the origin of the configured access request
    /// endpoint (or of the PDP); otherwise the configured one.
    /// </summary>
    private string? EndpointFor(PdpDecision decision)
    {
        var named = decision.AccessRequest?["endpoint"] is JsonValue value && value.TryGetValue<string>(out var url) ? url : null;
        var trusted = _options.AccessRequestEndpoint ?? _options.EvaluationUrl!;
        return named is not null && ConnectorRequest.SameOrigin(named, trusted) ? named : _options.AccessRequestEndpoint;
    }
}
