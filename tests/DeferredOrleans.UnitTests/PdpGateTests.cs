using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.UnitTests;

/// <summary>What the PDP's verdict makes of the local decision (AROP "Common Processing").</summary>
public sealed class PdpGateTests : IDisposable
{
    private static readonly PdpOptions Pdp = new() { EvaluationUrl = "https://pdp.example/access/v1/evaluation", ExpiresIn = 900, Interval = 7, ApprovalLifetime = 60 };
    private static readonly WorkflowRequest Workflow = new("https://ars.example/access-requests", "{}", []);
    private static readonly PolicyDecision.Allowed Allowed = new(["local"]);
    private static readonly PolicyDecision.Deferred Deferred = new(
        ["owner-approves"], [new ApprovalRequirement("owner", ApprovalRoute.ResourceOwner, ["alice"], 1)], TimeSpan.FromMinutes(10), 5, TimeSpan.FromHours(1), AllowSelfApproval: false);

    private readonly PdpClient _client = new(Options.Create(Pdp));
    private readonly PdpGate _gate;

    public PdpGateTests() => _gate = new PdpGate(_client, Options.Create(Pdp), Options.Create(new ServerOptions()));

    public void Dispose() => _client.Dispose();

    private static void AssertApplied((PolicyDecision, WorkflowRequest?, OAuthError?) expected, (PolicyDecision, WorkflowRequest?, OAuthError?) actual) =>
        Assert.Equal(expected, actual);

    [Fact]
    public void Apply_Allowed_LeavesTheLocalDecision()
    {
        AssertApplied((Allowed, null, null), _gate.Apply(Allowed, new PdpVerdict.Allowed()));
        AssertApplied((Deferred, null, null), _gate.Apply(Deferred, new PdpVerdict.Allowed()));
    }

    [Fact]
    public void Apply_Refused_IsTheRefusalNow()
    {
        var refusal = new OAuthError(OAuthErrors.InvalidScope, "a requested scope is not allowed");

        AssertApplied((Deferred, null, refusal), _gate.Apply(Deferred, new PdpVerdict.Refused(refusal)));
    }

    [Fact]
    public void Apply_Unavailable_IsTemporarilyUnavailable()
    {
        var (_, workflow, error) = _gate.Apply(Allowed, new PdpVerdict.Unavailable());

        Assert.Null(workflow);
        Assert.Equal(new OAuthError(OAuthErrors.TemporarilyUnavailable, "the policy decision point did not answer; retry later"), error);
    }

    [Fact]
    public void Apply_RequestableOverAnAllowance_DefersToTheWorkflowAlone()
    {
        var (decision, workflow, error) = _gate.Apply(Allowed, new PdpVerdict.Requestable(Workflow));

        var deferred = Assert.IsType<PolicyDecision.Deferred>(decision);
        Assert.Equal<string>(["authzen"], deferred.Rules);
        var requirement = Assert.Single(deferred.Requirements);
        Assert.Equal(("workflow", ApprovalRoute.Workflow, "authzen"), (requirement.Name, requirement.Route, Assert.Single(requirement.Approvers)));
        Assert.Equal(
            (TimeSpan.FromSeconds(900), 7, TimeSpan.FromSeconds(60), false),
            (deferred.ExpiresIn, deferred.IntervalSeconds, deferred.ApprovalLifetime, deferred.AllowSelfApproval));
        Assert.Same(Workflow, workflow);
        Assert.Null(error);
    }

    [Fact]
    public void Apply_RequestableOverADeferral_AddsTheWorkflowBesideTheApprovers()
    {
        var (decision, workflow, _) = _gate.Apply(Deferred, new PdpVerdict.Requestable(Workflow));

        var deferred = Assert.IsType<PolicyDecision.Deferred>(decision);
        Assert.Equal<string>(["owner-approves", "authzen"], deferred.Rules);
        Assert.Equal<string>(["owner", "workflow"], deferred.Requirements.Select(r => r.Name));
        Assert.Equal(Deferred.ExpiresIn, deferred.ExpiresIn);
        Assert.Same(Workflow, workflow);
    }
}
