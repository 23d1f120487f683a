using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// Completes an approved re-authorization of a refresh grant that its client polled for: the refresh token grant
/// extends and rotates the same family (<see cref="RefreshTokenGrant.CompleteReauthorizationAsync"/>).
/// </summary>
public sealed class ReauthorizationCompletion(RefreshTokenGrant refresh) : IDeferrableGrant
{
    public string GrantType => Reauthorizations.GrantType;

    public Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance) => refresh.CompleteReauthorizationAsync(context, issuance);
}
