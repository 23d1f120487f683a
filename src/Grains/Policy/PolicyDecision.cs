using System.Collections.Immutable;
using DeferredOrleans.Deferrals;

namespace DeferredOrleans.Policy;

/// <summary>The policy's answer to a token request, with the rules that produced it.</summary>
public abstract record PolicyDecision(ImmutableArray<string> Rules)
{
    /// <summary>Issue now.</summary>
    public sealed record Allowed(ImmutableArray<string> Rules) : PolicyDecision(Rules);

    /// <summary>Refuse now; never a pending code (AROP: a denial that is not requestable is not deferred).</summary>
    public sealed record Denied(ImmutableArray<string> Rules, DenialReason Reason, string Description) : PolicyDecision(Rules);

    /// <summary>A person (or several) must approve first.</summary>
    public sealed record Deferred(
        ImmutableArray<string> Rules,
        ImmutableArray<ApprovalRequirement> Requirements,
        TimeSpan ExpiresIn,
        int IntervalSeconds,
        TimeSpan ApprovalLifetime,
        bool AllowSelfApproval,
        bool RequiresInteraction = false) : PolicyDecision(Rules)
    {
        public ApprovalPlan ToPlan(DateTimeOffset now) =>
            new(string.Join(' ', Rules), Requirements, now + ExpiresIn, IntervalSeconds, ApprovalLifetime, AllowSelfApproval, RequiresInteraction);
    }
}

/// <summary>Why a request was refused; the gateway maps each to one OAuth error.</summary>
public enum DenialReason
{
    /// <summary>A requested scope is not allowed.</summary>
    Scope,

    /// <summary>A requested resource is unknown or has no owner to ask.</summary>
    Target,

    /// <summary>A requested authorization_details type is not allowed.</summary>
    AuthorizationDetails,

    /// <summary>Approval is needed but nobody eligible can give it.</summary>
    NoEligibleApprover,
}
