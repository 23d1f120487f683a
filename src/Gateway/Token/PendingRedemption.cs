using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Gateway.Token;

/// <summary>
/// The <c>deferral.redeemed</c> record of one redemption, to be appended exactly once: with the <c>token.issued</c>
/// record of the access token minted for it (one durable round for both), or on its own when the completion ends
/// without a token. Either way it is durable before the answer leaves.
/// </summary>
public sealed class PendingRedemption(AuditEvent record)
{
    private AuditEvent? _record = record;

    /// <summary>The record, to whoever asks first; null after that.</summary>
    public AuditEvent? Take() => Interlocked.Exchange(ref _record, null);
}
