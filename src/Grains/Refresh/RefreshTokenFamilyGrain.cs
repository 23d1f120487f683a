using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Grains.Tokens;

namespace DeferredOrleans.Grains.Refresh;

/// <summary>
/// A refresh token family: rotation on every use, reuse detection that revokes the whole family, suspension while a
/// deferred refresh waits, and the two RT-EXP bounds (idle timeout and the grant's own end). Whenever the family ends
/// (reuse, or revocation at <c>/revoke</c>) the access tokens issued with its tokens are revoked with it.
/// </summary>
public sealed class RefreshTokenFamilyGrain(
    [PersistentState("refresh", StorageNames.Deferrals)] IPersistentState<RefreshFamilyState> state,
    TimeProvider time) : Grain, IRefreshTokenFamilyGrain
{
    public async Task CreateAsync(RefreshFamily family, string secretDigest, IssuedAccessToken accessToken)
    {
        if (state.State.Family is not null)
        {
            throw new InvalidOperationException("This refresh token family already exists.");
        }

        state.State.Family = family;
        state.State.CurrentDigest = secretDigest;
        state.State.LastRotatedAt = time.GetUtcNow();
        state.State.AccessTokens = AccessTokenRevocations.Live([], time.GetUtcNow(), accessToken);
        await state.WriteStateAsync();
    }

    public async Task<RefreshOutcome> InspectAsync(RefreshPresentation presentation)
    {
        var (outcome, reused) = Check(presentation);
        if (reused)
        {
            // A token that is not the family's latest was stolen or replayed: end the grant for everyone.
            await EndAsync();
        }

        return outcome;
    }

    public async Task<RefreshOutcome> RotateAsync(RefreshPresentation presentation, string newDigest, IssuedAccessToken accessToken)
    {
        var outcome = await InspectAsync(presentation);
        return outcome.Result == RefreshResult.Valid ? await MoveToAsync(newDigest, accessToken) : await DiscardAsync(outcome, accessToken);
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

    public async Task<RefreshOutcome> CompleteSuspendedAsync(string deferralId, string newDigest, IssuedAccessToken accessToken)
    {
        var current = state.State;
        if (current.Family is null || current.Revoked || current.SuspendedFor != deferralId || time.GetUtcNow() >= current.Family.AuthorizationExpiresAt)
        {
            return await DiscardAsync(new RefreshOutcome(RefreshResult.Invalid), accessToken);
        }

        current.SuspendedFor = null;
        return await MoveToAsync(newDigest, accessToken);
    }

    public async Task<RefreshResult> RevokeAsync(RefreshPresentation presentation)
    {
        // RFC 7009 §2.2: a token that is not the family's current one (unknown, another client's, stale, expired)
        // is not an error and changes nothing; a stale one is not treated as reuse here, since nothing is used.
        var (outcome, _) = Check(presentation);
        switch (outcome.Result)
        {
            case RefreshResult.Valid or RefreshResult.Suspended:
                await EndAsync();
                return RefreshResult.Valid;
            case RefreshResult.WrongProofKey:
                return RefreshResult.WrongProofKey;
            default:
                return RefreshResult.Invalid;
        }
    }

    public async Task RevokeGrantAsync()
    {
        if (state.State.Family is not null && !state.State.Revoked)
        {
            await EndAsync();
        }
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

    private async Task<RefreshOutcome> MoveToAsync(string newDigest, IssuedAccessToken accessToken)
    {
        var current = state.State;
        var now = time.GetUtcNow();
        current.CurrentDigest = newDigest;
        current.Generation++;
        current.LastRotatedAt = now;
        current.AccessTokens = AccessTokenRevocations.Live(current.AccessTokens, now, accessToken);
        await state.WriteStateAsync();
        return new RefreshOutcome(RefreshResult.Valid, current.Family, current.LastRotatedAt + current.Family!.IdleTimeout);
    }

    /// <summary>An access token minted for a rotation that was refused is never handed out: revoke it.</summary>
    private async Task<RefreshOutcome> DiscardAsync(RefreshOutcome outcome, IssuedAccessToken accessToken)
    {
        await AccessTokenRevocations.RevokeAsync(GrainFactory, [accessToken], time.GetUtcNow());
        return outcome;
    }

    /// <summary>
    /// Ends the grant: its live access tokens first (RFC 7009 §2.1: the server SHOULD revoke the access tokens of the
    /// same grant), then the family itself, so a failure in between leaves a family the client can revoke again.
    /// </summary>
    private async Task EndAsync()
    {
        var current = state.State;
        await AccessTokenRevocations.RevokeAsync(GrainFactory, current.AccessTokens, time.GetUtcNow());
        current.Revoked = true;
        current.AccessTokens = [];
        await state.WriteStateAsync();
    }
}
