using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>What becomes of a token request once its grant validated it (<see cref="DeferralAdmission"/>).</summary>
public abstract record AdmissionVerdict
{
    /// <summary>Issue now: allowed outright (no evidence), or already approved by standing decisions (their evidence).</summary>
    public sealed record Issue(ApprovalEvidence? Approval) : AdmissionVerdict;

    /// <summary>Refuse now, synchronously; never with a pending code.</summary>
    public sealed record Refuse(OAuthError Error) : AdmissionVerdict;

    /// <summary>
    /// Defer under <paramref name="Decision"/>, its expiry cut to the credential's, and call the client back as
    /// <paramref name="Callback"/> says when it registered a notification endpoint.
    /// </summary>
    public sealed record Defer(PolicyDecision.Deferred Decision, DeferralStarter.Callback? Callback) : AdmissionVerdict
    {
        /// <summary>Standing decisions that count as approvals from the start (not enough on their own).</summary>
        public ImmutableArray<RecordedDecision> InitialDecisions { get; init; } = [];

        /// <summary>The access request of the PDP's requestable denial, submitted by the deferral's task.</summary>
        public WorkflowRequest? Workflow { get; init; }
    }
}
