namespace DeferredOrleans.Core.Connectors;

/// <summary>What a status means for the decision.</summary>
public enum VerdictKind
{
    Pending = 0,
    Approved = 1,
    Denied = 2,

    /// <summary>A status this server does not know: not approved, keep waiting, and record it.</summary>
    Unknown = 3,
}
