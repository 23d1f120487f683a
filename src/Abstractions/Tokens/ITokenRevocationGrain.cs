namespace DeferredOrleans.Abstractions.Tokens;

/// <summary>Revocation of one issued access token, keyed by its <c>jti</c>; remembered until the token would expire.</summary>
[Alias("DeferredOrleans.ITokenRevocationGrain")]
public interface ITokenRevocationGrain : IGrainWithStringKey
{
    /// <summary>Marks the token revoked until <paramref name="expiresAt"/>; durable on return.</summary>
    [Alias("Revoke")]
    Task RevokeAsync(DateTimeOffset expiresAt);

    /// <summary>Whether the token was revoked.</summary>
    [Alias("IsRevoked")]
    Task<bool> IsRevokedAsync();
}
