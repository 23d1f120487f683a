namespace DeferredOrleans.Core.Connectors;

/// <summary>The result of checking a signed message.</summary>
public enum SignatureCheck
{
    Valid = 0,
    Missing = 1,
    Malformed = 2,
    Mismatch = 3,

    /// <summary>Correctly signed, but its timestamp is outside the tolerance window.</summary>
    Stale = 4,
}
