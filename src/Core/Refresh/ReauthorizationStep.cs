namespace DeferredOrleans.Core.Refresh;

/// <summary>What a refresh family's re-authorization reminder does when it fires.</summary>
public enum ReauthorizationStep
{
    /// <summary>Too early: check again later.</summary>
    Wait,

    /// <summary>The lead time was reached: route the re-authorization request now.</summary>
    Start,

    /// <summary>Nothing left to schedule (already asked, revoked, or past the end and its grace): stop the reminder.</summary>
    Stop,
}
