namespace DeferredOrleans.Abstractions.Authorization;

/// <summary>One authorization code, keyed by its digest; single use.</summary>
[Alias("DeferredOrleans.IAuthorizationCodeGrain")]
public interface IAuthorizationCodeGrain : IGrainWithStringKey
{
    /// <summary>Stores the code's grant; durable on return.</summary>
    [Alias("Create")]
    Task CreateAsync(AuthorizationCodeData data);

    /// <summary>Checks the token request against the code and, if it passes, consumes the code (durably) and returns its grant.</summary>
    [Alias("Redeem")]
    Task<CodeRedemption> RedeemAsync(CodeRedemptionRequest request);
}
