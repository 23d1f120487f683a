using DeferredOrleans.Abstractions.Authorization;
using DeferredOrleans.Core.Authorization;

namespace DeferredOrleans.Grains.Authorization;

/// <summary>
/// A single-use authorization code. Redemption checks client, redirect URI and PKCE (<see cref="Pkce"/>) and then
/// clears the state before answering, so a replayed code is unknown even if the first redemption was deferred.
/// </summary>
public sealed class AuthorizationCodeGrain(
    [PersistentState("code", StorageNames.Deferrals)] IPersistentState<AuthorizationCodeState> state,
    TimeProvider time) : Grain, IAuthorizationCodeGrain
{
    public async Task CreateAsync(AuthorizationCodeData data)
    {
        if (state.State.Data is not null)
        {
            throw new InvalidOperationException("This authorization code already exists.");
        }

        state.State.Data = data;
        await state.WriteStateAsync();
    }

    public async Task<CodeRedemption> RedeemAsync(CodeRedemptionRequest request)
    {
        if (state.State.Data is not { } data || time.GetUtcNow() >= data.ExpiresAt)
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
        await state.ClearStateAsync();
        return valid ? new CodeRedemption(CodeRedemptionResult.Redeemed, data) : new CodeRedemption(CodeRedemptionResult.Invalid);
    }
}
