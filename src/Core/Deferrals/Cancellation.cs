using DeferredOrleans.Abstractions.Deferrals;
namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// Revocation of a deferral code (DTR "Cancellation"): only the owning client (with its DPoP key, if bound) can
/// cancel a pending or approved-but-uncollected deferral; everything else changes nothing.
/// </summary>
public static class Cancellation
{
    public static (CancelResult Result, DeferralState State) Apply(DeferralState state, CancelRequest cancel, DateTimeOffset now, TimeSpan retention)
    {
        if (!state.IsOwnedBy(cancel.ClientId) || now >= state.PurgeAt(retention))
        {
            return (CancelResult.NoChange, state);
        }

        // DTR: a revocation that presents a DPoP-bound code must prove the same key, or it is refused.
        if (!state.ProvesKey(cancel.DpopJkt))
        {
            return (CancelResult.WrongProofKey, state);
        }

        // RFC 8705 §3: likewise a code bound to a client certificate.
        if (!state.ProvesCertificate(cancel.CertificateThumbprint))
        {
            return (CancelResult.WrongCertificate, state);
        }

        return state.StatusAt(now) is DeferralStatus.Pending or DeferralStatus.Approved
            ? (CancelResult.Cancelled, state with { Status = DeferralStatus.Cancelled, ResolvedAt = now })
            : (CancelResult.NoChange, state);
    }
}
