using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions.Refresh;

namespace DeferredOrleans.Grains.Refresh;

/// <summary>
/// A refresh token family: rotation on every use, reuse detection that revokes the whole family, suspension while a
/// deferred refresh waits, and the two RT-EXP bounds (idle timeout and the grant's own end).
/// </summary>
public sealed class RefreshTokenFamilyGrain(
    [PersistentState("refresh", StorageNames.Deferrals)] IPersistentState<RefreshFamilyState> state,
    TimeProvider time) : Grain, IRefreshTokenFamilyGrain
{
    public async Task CreateAsync(RefreshFamily family, string secretDigest)
    {
        if (state.State.Family is not null)
        {
            throw new InvalidOperationException("This refresh token family already exists.");
        }

        state.State.Family = family;
        state.State.CurrentDigest = secretDigest;
        state.State.LastRotatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
    }

    public async Task<RefreshOutcome> InspectAsync(RefreshPresentation presentation)
    {
        var (outcome, reused) = Check(presentation);
        if (reused)
        {
            // A token that is not the family's latest was stolen or replayed: end the grant for everyone.
            state.State.Revoked = true;
            await state.WriteStateAsync();
        }

        return outcome;
    }

    public async Task<RefreshOutcome> RotateAsync(RefreshPresentation presentation, string newDigest)
    {
        var outcome = await InspectAsync(presentation);
        return outcome.Result == RefreshResult.Valid ? await MoveToAsync(newDigest) : outcome;
    }

    public async Task<RefreshOutcome> SuspendAsync(RefreshPresentation presentation, string deferralId)
    {
        var outcome = await InspectAsync(presentation);
        if (outcome.Result != RefreshResult.Valid)
        {
            return outcome;
        }

        state.State.SuspendedFor = deferralId;
        await state.WriteStateAsync();
        return outcome;
    }

    public async Task<RefreshOutcome> CompleteSuspendedAsync(string deferralId, string newDigest)
    {
        var current = state.State;
        if (current.Family is null || current.Revoked || current.SuspendedFor != deferralId || time.GetUtcNow() >= current.Family.AuthorizationExpiresAt)
        {
            return new RefreshOutcome(RefreshResult.Invalid);
        }

        current.SuspendedFor = null;
        return await MoveToAsync(newDigest);
    }

    public async Task<bool> RevokeAsync(string clientId)
    {
        if (state.State.Family?.ClientId != clientId || state.State.Revoked)
        {
            return false;
        }

        state.State.Revoked = true;
        await state.WriteStateAsync();
        return true;
    }

    private (RefreshOutcome Outcome, bool Reused) Check(RefreshPresentation presentation)
    {
        var current = state.State;
        if (current.Family is not { } family || family.ClientId != presentation.ClientId || current.Revoked)
        {
            return (new RefreshOutcome(RefreshResult.Invalid), false);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current.CurrentDigest), Encoding.ASCII.GetBytes(presentation.SecretDigest)))
        {
            return (new RefreshOutcome(RefreshResult.Invalid), true);
        }

        if (family.DpopJkt is { } bound && bound != presentation.DpopJkt)
        {
            return (new RefreshOutcome(RefreshResult.WrongProofKey), false);
        }

        var now = time.GetUtcNow();
        var idleExpiresAt = current.LastRotatedAt + family.IdleTimeout;
        if (now >= family.AuthorizationExpiresAt || now >= idleExpiresAt)
        {
            return (new RefreshOutcome(RefreshResult.Invalid), false);
        }

        return current.SuspendedFor is not null
            ? (new RefreshOutcome(RefreshResult.Suspended), false)
            : (new RefreshOutcome(RefreshResult.Valid, family, idleExpiresAt), false);
    }

    private async Task<RefreshOutcome> MoveToAsync(string newDigest)
    {
        var current = state.State;
        current.CurrentDigest = newDigest;
        current.Generation++;
        current.LastRotatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return new RefreshOutcome(RefreshResult.Valid, current.Family, current.LastRotatedAt + current.Family!.IdleTimeout);
    }
}
