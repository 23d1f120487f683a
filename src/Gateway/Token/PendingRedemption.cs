using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Gateway.Token;

/// <summary>
/// The <c>deferral.redeemed</c> record of one redemption, to be appended exactly once: with the <c>token.issued</c>
/// record of the access token minted for it (one durable round for both), or on its own when the completion ends
/// without a token. Either way it is durable before the answer leaves. One token request uses it, one step at a time.
/// </summary>
public sealed class PendingRedemption(AuditEvent record)
{
    private AuditEvent? _record = record;

    /// <summary>The record, to whoever asks first; null after that.</summary>
    public AuditEvent? Take()
    {
        var record = _record;
        _record = null;
        return record;
    }

    /// <summary>
    /// The record, if it is still here and concerns <paramref name="deferralId"/>: one audit append holds the events of
    /// one deferral at most, so the token of another (which never happens today) leaves it to <see cref="Take"/>.
    /// </summary>
    public AuditEvent? TakeFor(string? deferralId) => _record is not null && _record.DeferralId == deferralId ? Take() : null;
}
