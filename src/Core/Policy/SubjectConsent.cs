using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Policy;

/// <summary>
/// CIBA on top of the policy. The hinted user is the subject, who authenticates and consents to the request about
/// them (CIBA Core §7.1); who else must approve stays the policy's decision. The subject's consent is one more
/// requirement of the first stage beside whatever the policy routed (owner, quorum, stages, escalation), never in
/// their place: a request the policy allows needs only the subject; one it defers needs both.
/// </summary>
public static class SubjectConsent
{
    /// <summary>The step name a pending poll and the approval API show for the subject's consent.</summary>
    public const string Step = "user";

    /// <summary>Rule name in the evidence when the policy allowed the request without naming a rule.</summary>
    public const string Rule = "ciba";

    /// <param name="decision">The policy's decision on the request, with the hinted user as its subject.</param>
    /// <param name="subject">The hinted user.</param>
    /// <param name="expiresIn">The request's lifetime (CIBA <c>requested_expiry</c> or the default); a deferring rule's may cut it.</param>
    /// <param name="interval">The CIBA polling interval; a deferring rule's may raise it.</param>
    /// <param name="approvalLifetime">How long the subject's consent stays good; a deferring rule's may cut it.</param>
    public static PolicyDecision Require(PolicyDecision decision, string subject, TimeSpan expiresIn, int interval, TimeSpan approvalLifetime)
    {
        var consent = new ApprovalRequirement(Step, ApprovalRoute.Subject, [subject], 1);
        return decision switch
        {
            PolicyDecision.Allowed allowed => new PolicyDecision.Deferred(
                [.. allowed.Rules.DefaultIfEmpty(Rule)], [consent], expiresIn, interval, approvalLifetime, AllowSelfApproval: false) { Items = allowed.Items },

            // The subject consents in their inbox, which is what a rule's Interaction asks of them; a CIBA client has
            // no use for an interaction_uri.
            PolicyDecision.Deferred deferred => deferred with
            {
                Requirements = [consent, .. deferred.Requirements],
                ExpiresIn = expiresIn < deferred.ExpiresIn ? expiresIn : deferred.ExpiresIn,
                IntervalSeconds = Math.Max(interval, deferred.IntervalSeconds),
                ApprovalLifetime = approvalLifetime < deferred.ApprovalLifetime ? approvalLifetime : deferred.ApprovalLifetime,
                RequiresInteraction = false,
            },
            _ => decision,
        };
    }
}
