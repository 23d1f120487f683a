namespace DeferredOrleans.Gateway.Security;

/// <summary>What became of presented credentials.</summary>
public enum CredentialVerdict
{
    Valid = 0,

    /// <summary>Wrong, or for an account that does not exist (the two are not told apart).</summary>
    Invalid = 1,

    /// <summary>The account made too many requests; nothing was checked (429).</summary>
    Throttled = 2,

    /// <summary>The account is locked after repeated failures; nothing was checked (429).</summary>
    LockedOut = 3,

    /// <summary>No PBKDF2 slot came free in time; nothing was checked (503).</summary>
    Busy = 4,
}
