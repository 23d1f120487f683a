using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>Builders for deferral states in tests.</summary>
internal static class Deferrals
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public static ApprovalRequirement Owner(string owner = "alice") => new("owner", ApprovalRoute.ResourceOwner, [owner], 1);

    public static ApprovalRequirement Admins(int quorum = 2, bool veto = true) => new("quorum", ApprovalRoute.Group, ["bob", "carol", "dave"], quorum, veto);

    public static DeferralState Pending(
        ImmutableArray<ApprovalRequirement>? requirements = null,
        int interval = 5,
        TimeSpan? expiresIn = null,
        string subject = "agent",
        bool allowSelfApproval = false,
        TimeSpan? approvalLifetime = null)
    {
        var request = new DeferredTokenRequest("agent", "client_credentials", subject, ["doc:write"], ["doc-789"]);
        var plan = new ApprovalPlan(
            "rule",
            requirements ?? [Owner()],
            T0 + (expiresIn ?? TimeSpan.FromMinutes(10)),
            interval,
            approvalLifetime ?? TimeSpan.FromHours(1),
            allowSelfApproval);
        return DeferralState.Create(new DeferralStart(request, plan), T0);
    }

    public static DeferralState Decide(this DeferralState state, string approver, bool approve, TimeSpan at) =>
        Quorum.Apply(state, new ApproverDecision(approver, approve), T0 + at).State;
}
