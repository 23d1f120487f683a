using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Policy;

/// <summary>The policy's answer to a token request, with the rules that produced it and why.</summary>
public abstract record PolicyDecision(ImmutableArray<string> Rules)
{
    /// <summary>For every requested item (scope or authorization_details object): which rule decided it, and how.</summary>
    public ImmutableArray<ItemDecision> Items { get; init; } = [];

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

/// <summary>How one requested item was decided.</summary>
/// <param name="Item">The item, e.g. <c>scope doc:write</c> or <c>authorization_details[0] payment</c>.</param>
/// <param name="Rule">The rule that matched, or null when none did.</param>
/// <param name="Outcome"><c>allow</c>, <c>deny</c> or <c>defer</c>.</param>
public sealed record ItemDecision(string Item, string? Rule, string Outcome);

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
