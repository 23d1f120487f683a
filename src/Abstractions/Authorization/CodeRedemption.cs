namespace DeferredOrleans.Abstractions.Authorization;

/// <summary>The outcome of redeeming a code.</summary>
/// <param name="Result">What happened.</param>
/// <param name="Data">The code's grant when redeemed.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.CodeRedemption")]
public sealed record CodeRedemption([property: Id(0)] CodeRedemptionResult Result, [property: Id(1)] AuthorizationCodeData? Data = null);

/// <summary>What redeeming a code did.</summary>
public enum CodeRedemptionResult
{
    /// <summary>Consumed; the grant is returned.</summary>
    Redeemed = 0,

    /// <summary>Unknown, used, expired, another client's, wrong redirect_uri or wrong PKCE verifier (all alike to the client).</summary>
    Invalid = 1,

    /// <summary>The authorization request asked for deferral but the token request did not; the code is not consumed.</summary>
    DeferredHintMissing = 2,
}
