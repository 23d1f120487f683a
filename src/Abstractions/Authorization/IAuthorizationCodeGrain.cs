using DeferredOrleans.Abstractions.Tokens;

namespace DeferredOrleans.Abstractions.Authorization;

/// <summary>
/// One authorization code, keyed by its digest; single use. Once spent it remembers the tokens issued from it, so
/// that a replay revokes them (RFC 6749 §4.1.2).
/// </summary>
[Alias("DeferredOrleans.IAuthorizationCodeGrain")]
public interface IAuthorizationCodeGrain : IGrainWithStringKey
{
    /// <summary>Stores the code's grant; durable on return.</summary>
    [Alias("Create")]
    Task CreateAsync(AuthorizationCodeData data);

    /// <summary>
    /// Checks the token request against the code and, if it passes, consumes the code (durably) and returns its grant.
    /// A spent code presented again revokes what was issued from it so far.
    /// </summary>
    [Alias("Redeem")]
    Task<CodeRedemption> RedeemAsync(CodeRedemptionRequest request);

    /// <summary>Remembers tokens issued from the redeemed code (at once, or when its deferral was approved); durable on return.</summary>
    [Alias("RecordIssued")]
    Task RecordIssuedAsync(IssuedTokenSet tokens);
}
