namespace DeferredOrleans.Abstractions.Tokens;

/// <summary>What one token response issued from a grant: its access token, and the refresh token family it started, if any.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshFamily">The id of the refresh token family started with it, or null.</param>
/// <param name="RefreshFamilyEndsAt">When that family ends at the latest (RT-EXP <c>authorization_expires_in</c>).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.IssuedTokenSet")]
public sealed record IssuedTokenSet(
    [property: Id(0)] IssuedAccessToken AccessToken,
    [property: Id(1)] string? RefreshFamily = null,
    [property: Id(2)] DateTimeOffset? RefreshFamilyEndsAt = null);
