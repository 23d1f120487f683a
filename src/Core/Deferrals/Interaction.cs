using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// The subject's confirmation in the interaction page (DTR <c>interaction_required</c>). The token in the
/// interaction URI is single use; visiting the page authorizes nothing, only the subject's confirmation does.
/// </summary>
public static class Interaction
{
    public static bool Opens(DeferralState state, string tokenDigest) =>
        state.InteractionDigest is { } digest &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest), Encoding.ASCII.GetBytes(tokenDigest));

    public static (InteractionResult Result, DeferralState State) Complete(DeferralState state, string tokenDigest, string userId, DateTimeOffset now)
    {
        if (!state.AwaitingInteraction || !Opens(state, tokenDigest) || !string.Equals(state.Request!.Subject, userId, StringComparison.Ordinal))
        {
            return (InteractionResult.Invalid, state);
        }

        if (state.StatusAt(now) != DeferralStatus.Pending)
        {
            return (InteractionResult.NotPending, state);
        }

        var confirmed = state with { InteractionCompletedAt = now };
        return (InteractionResult.Completed, Quorum.Settle(confirmed, now));
    }
}
