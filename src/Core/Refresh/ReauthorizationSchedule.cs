namespace DeferredOrleans.Core.Refresh;

/// <summary>
/// When a refresh token family asks for re-authorization and what an approval does to its end. The grant's end is the
/// authorization lifetime of draft-ietf-oauth-refresh-token-expiration (<c>authorization_expires_in</c>); the draft
/// says nothing of re-authorization, so the schedule is this project's.
/// </summary>
public static class ReauthorizationSchedule
{
    /// <summary>When the request is routed: the lead time before the grant ends.</summary>
    public static DateTimeOffset AskAt(DateTimeOffset endsAt, TimeSpan leadTime) => endsAt - leadTime;

    /// <summary>When the re-authorization request itself dies: the grace after the grant ended.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset endsAt, TimeSpan grace) => endsAt + grace;

    /// <summary>What the reminder does at <paramref name="now"/>.</summary>
    public static ReauthorizationStep Step(DateTimeOffset now, DateTimeOffset endsAt, TimeSpan leadTime, TimeSpan grace, bool revoked, bool asked) =>
        revoked || asked || now >= ExpiresAt(endsAt, grace) ? ReauthorizationStep.Stop
        : now >= AskAt(endsAt, leadTime) ? ReauthorizationStep.Start
        : ReauthorizationStep.Wait;

    /// <summary>
    /// The reminder's next due time: exactly the ask time when it falls within one period, else one period (so that a
    /// months-long wait never becomes one huge timer, and a clock change is noticed within a period).
    /// </summary>
    public static TimeSpan NextCheck(DateTimeOffset now, DateTimeOffset askAt, TimeSpan period, TimeSpan minimum)
    {
        var due = askAt - now;
        return due < minimum ? minimum : due > period ? period : due;
    }

    /// <summary>The grant's end once re-authorized: the approval's <c>approved_until</c>, never earlier than before.</summary>
    public static DateTimeOffset Extend(DateTimeOffset endsAt, DateTimeOffset approvedUntil) => approvedUntil > endsAt ? approvedUntil : endsAt;
}
