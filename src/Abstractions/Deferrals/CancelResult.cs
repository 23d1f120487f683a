namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>What a revocation did.</summary>
public enum CancelResult
{
    /// <summary>The deferral was pending or approved and is now cancelled (durably); no token will ever be issued.</summary>
    Cancelled = 0,

    /// <summary>Unknown, another client's, or already finished: nothing changed (RFC 7009 still answers 200).</summary>
    NoChange = 1,

    /// <summary>The code is bound to a DPoP key the request did not prove; nothing changed.</summary>
    WrongProofKey = 2,

    /// <summary>The code is bound to a client certificate (RFC 8705) the request did not present; nothing changed.</summary>
    WrongCertificate = 3,
}
