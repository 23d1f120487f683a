namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>The domain answer to a poll; the gateway maps each to exactly one wire response.</summary>
public enum PollVerdict
{
    /// <summary>No such deferral for this client (unknown, other client's, or purged).</summary>
    Unknown = 0,

    /// <summary>This client already collected the token.</summary>
    Redeemed = 1,

    /// <summary>Polled faster than the interval allows.</summary>
    SlowDown = 2,

    /// <summary>The deferral code's lifetime is over.</summary>
    Expired = 3,

    /// <summary>Denied or cancelled.</summary>
    Denied = 4,

    /// <summary>Still waiting for approvers.</summary>
    Pending = 5,

    /// <summary>Approved; the token may be minted now, once.</summary>
    Issued = 6,

    /// <summary>Pending on the subject's confirmation in the interaction page.</summary>
    InteractionRequired = 7,

    /// <summary>The code died of too many polls that came too fast.</summary>
    Abandoned = 8,

    /// <summary>The code is bound to a DPoP key and the poll did not prove it.</summary>
    WrongProofKey = 9,

    /// <summary>The code is bound to a client certificate (RFC 8705) and the poll came with another one, or none.</summary>
    WrongCertificate = 10,
}
