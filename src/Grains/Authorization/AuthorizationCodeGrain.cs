using DeferredOrleans.Abstractions.Authorization;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Core.Authorization;
using DeferredOrleans.Grains.Tokens;

namespace DeferredOrleans.Grains.Authorization;

/// <summary>
/// A single-use authorization code. Redemption checks client, redirect URI and PKCE (<see cref="Pkce"/>) and spends
/// the code before answering, so a replayed code is refused even if the first redemption was deferred. The spent code
/// remembers the tokens issued from it for as long as they live, and a replay revokes those issued so far.
/// </summary>
public sealed class AuthorizationCodeGrain(
    [PersistentState("code", StorageNames.Deferrals)] IPersistentState<AuthorizationCodeState> state,
    TimeProvider time) : Grain, IAuthorizationCodeGrain
{
    public async Task CreateAsync(AuthorizationCodeData data)
    {
        if (state.State.Data is not null || state.State.SpentAt is not null)
        {
            throw new InvalidOperationException("This authorization code already exists.");
        }

        state.State.Data = data;
        await state.WriteStateAsync();
    }

    public async Task<CodeRedemption> RedeemAsync(CodeRedemptionRequest request)
    {
        var now = time.GetUtcNow();
        if (state.State.SpentAt is not null)
        {
            await ReplayedAsync(now);
            return new CodeRedemption(CodeRedemptionResult.Invalid);
        }

        if (state.State.Data is not { } data || now >= data.ExpiresAt)
        {
            return new CodeRedemption(CodeRedemptionResult.Invalid);
        }

        var valid = data.ClientId == request.ClientId &&
            data.RedirectUri == request.RedirectUri &&
            Pkce.Matches(data.CodeChallenge, request.CodeVerifierChallenge);
        if (valid && data.DeferredHint && !request.DeferredRequested)
        {
            // DTR: a deferral hint at /authorize obliges the token request to opt in; refuse without spending the code.
            return new CodeRedemption(CodeRedemptionResult.DeferredHintMissing);
        }

        // RFC 6749 §4.1.2: a code is used once; a failed attempt spends it too, so it cannot be guessed at.
        state.State.Data = null;
        state.State.SpentAt = now;
        state.State.RememberUntil = data.ExpiresAt;
        await state.WriteStateAsync();
        return valid ? new CodeRedemption(CodeRedemptionResult.Redeemed, data) : new CodeRedemption(CodeRedemptionResult.Invalid);
    }

    public async Task RecordIssuedAsync(IssuedTokenSet tokens)
    {
        var current = state.State;
        var now = time.GetUtcNow();
        current.SpentAt ??= now;
        current.AccessTokens = AccessTokenRevocations.Live(current.AccessTokens, now, tokens.AccessToken);
        if (tokens.RefreshFamily is { } family)
        {
            current.RefreshFamilies.Add(family);
        }

        current.RememberUntil = new[] { current.RememberUntil, tokens.AccessToken.ExpiresAt, tokens.RefreshFamilyEndsAt ?? now }.Max();
        await state.WriteStateAsync();
    }

    /// <summary>
    /// RFC 6749 §4.1.2: a code used more than once is refused, and the tokens issued from it so far are revoked (the
    /// access tokens, and the refresh token families with theirs). Once nothing issued from it can be alive, the
    /// record is let go.
    /// </summary>
    private async Task ReplayedAsync(DateTimeOffset now)
    {
        var current = state.State;
        if (now >= current.RememberUntil)
        {
            await state.ClearStateAsync();
            return;
        }

        if (current.AccessTokens.Count == 0 && current.RefreshFamilies.Count == 0)
        {
            return;
        }

        await Task.WhenAll([
            AccessTokenRevocations.RevokeAsync(GrainFactory, current.AccessTokens, now),
            .. current.RefreshFamilies.Select(f => GrainFactory.GetGrain<IRefreshTokenFamilyGrain>(f).RevokeGrantAsync()),
        ]);
        current.AccessTokens = [];
        current.RefreshFamilies = [];
        await state.WriteStateAsync();
    }
}
