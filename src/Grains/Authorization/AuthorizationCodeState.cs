using DeferredOrleans.Abstractions.Authorization;
using DeferredOrleans.Abstractions.Tokens;
namespace DeferredOrleans.Grains.Authorization;

[GenerateSerializer, Alias("DeferredOrleans.AuthorizationCodeState")]
public sealed class AuthorizationCodeState
{
    /// <summary>The code's grant while it can be redeemed; null once spent.</summary>
    [Id(0)] public AuthorizationCodeData? Data { get; set; }

    /// <summary>When the code was spent (redeemed, or refused at its first use), or null.</summary>
    [Id(1)] public DateTimeOffset? SpentAt { get; set; }

    /// <summary>Until when a spent code is remembered: its own expiry, or the end of the last token issued from it.</summary>
    [Id(2)] public DateTimeOffset RememberUntil { get; set; }

    /// <summary>The access tokens issued from the code that a replay would revoke.</summary>
    [Id(3)] public List<IssuedAccessToken> AccessTokens { get; set; } = [];

    /// <summary>The refresh token families started from the code that a replay would revoke.</summary>
    [Id(4)] public List<string> RefreshFamilies { get; set; } = [];
}
