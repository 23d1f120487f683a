using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// Step-up for approvals, as pure functions: a rule may ask that its approvers authenticated in a certain way
/// (RFC 8176 <c>amr</c>, e.g. <c>hwk</c> for a passkey) and recently (<c>MaxAge</c>, as OpenID Connect's
/// <c>max_age</c> judges <c>auth_time</c>) before their approval counts.
/// </summary>
public static class StepUp
{
    /// <summary>A sign-in time this far ahead of the server's clock still counts as now (clocks of gateways and silos differ a little).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Whether an authentication meets a requirement at <paramref name="now"/>; no requirement is met by anything.</summary>
    public static bool Satisfies(AuthenticationRequirement? required, DecisionAuthentication? presented, DateTimeOffset now)
    {
        if (required is null)
        {
            return true;
        }

        if (presented is null || !required.Methods.Any(m => presented.Methods.Contains(m, StringComparer.Ordinal)))
        {
            return false;
        }

        // OpenID Connect Core §3.1.2.1 max_age: the authentication is too old once auth_time + max_age has passed.
        return required.MaxAge is not { } maxAge || (presented.At <= now + ClockSkew && now - presented.At <= maxAge);
    }

    /// <summary>
    /// The first requirement an approval by <paramref name="approverId"/> with this authentication would fail: one of
    /// the open stage's requirements the approver counts for. Null when the approval may count.
    /// </summary>
    public static AuthenticationRequirement? Unmet(DeferralState state, string approverId, DecisionAuthentication? presented, DateTimeOffset now) =>
        Applicable(state, approverId, now).FirstOrDefault(r => !Satisfies(r, presented, now));

    /// <summary>What an approval by <paramref name="approverId"/> needs now, for the approver's view; null when any sign-in will do.</summary>
    public static AuthenticationRequirement? Required(DeferralState state, string approverId, DateTimeOffset now) =>
        Applicable(state, approverId, now).FirstOrDefault();

    private static IEnumerable<AuthenticationRequirement> Applicable(DeferralState state, string approverId, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return [];
        }

        var stage = Quorum.ActiveStage(state, now);
        return state.Plan.Requirements
            .Where(r => r.Stage == stage && r.Authentication is not null && state.Eligible(r, now).Contains(approverId, StringComparer.Ordinal))
            .Select(r => r.Authentication!);
    }
}
