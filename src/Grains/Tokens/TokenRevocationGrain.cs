using DeferredOrleans.Abstractions.Tokens;
namespace DeferredOrleans.Grains.Tokens;

/// <summary>One revoked access token. After the token's own expiry the entry no longer matters and is cleared.</summary>
public sealed class TokenRevocationGrain(
    [PersistentState("revocation", StorageNames.Deferrals)] IPersistentState<TokenRevocationState> state,
    TimeProvider time) : Grain, ITokenRevocationGrain
{
    public async Task RevokeAsync(DateTimeOffset expiresAt)
    {
        if (state.State.RevokedUntil is not null)
        {
            return;
        }

        state.State.RevokedUntil = expiresAt;
        await state.WriteStateAsync();
    }

    public async Task<bool> IsRevokedAsync()
    {
        if (state.State.RevokedUntil is not { } until)
        {
            return false;
        }

        if (time.GetUtcNow() >= until)
        {
            await state.ClearStateAsync();
        }

        return true;
    }
}
