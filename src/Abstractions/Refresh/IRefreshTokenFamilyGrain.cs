using DeferredOrleans.Abstractions.Tokens;

namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>
/// One refresh token family (one long-lived grant), keyed by the family id that prefixes its tokens. Only the
/// latest token of the family is valid; presenting any other revokes the family (reuse detection, RFC 9700 §4.14).
/// The family remembers the access tokens issued with its tokens, and revoking the family revokes those still live.
/// </summary>
[Alias("DeferredOrleans.IRefreshTokenFamilyGrain")]
public interface IRefreshTokenFamilyGrain : IGrainWithStringKey
{
    /// <summary>Starts the family with its first token's digest and the access token issued with it; durable on return.</summary>
    [Alias("Create")]
    Task CreateAsync(RefreshFamily family, string secretDigest, IssuedAccessToken accessToken);

    /// <summary>Checks a presented token without using it (a wrong token still revokes the family).</summary>
    [Alias("Inspect")]
    Task<RefreshOutcome> InspectAsync(RefreshPresentation presentation);

    /// <summary>
    /// Uses the presented token: the family moves to <paramref name="newDigest"/> and remembers
    /// <paramref name="accessToken"/>, minted for this rotation, which is revoked instead if the rotation is refused.
    /// Durable on return.
    /// </summary>
    [Alias("Rotate")]
    Task<RefreshOutcome> RotateAsync(RefreshPresentation presentation, string newDigest, IssuedAccessToken accessToken);

    /// <summary>Suspends the family while a deferred refresh waits; the presented token can no longer be used.</summary>
    [Alias("Suspend")]
    Task<RefreshOutcome> SuspendAsync(RefreshPresentation presentation, string deferralId);

    /// <summary>Ends a suspension by approval: rotates to <paramref name="newDigest"/>, as <see cref="RotateAsync"/> does.</summary>
    [Alias("CompleteSuspended")]
    Task<RefreshOutcome> CompleteSuspendedAsync(string deferralId, string newDigest, IssuedAccessToken accessToken);

    /// <summary>
    /// RFC 7009: revokes the family and its live access tokens when the presented token is the family's current one,
    /// presented by its client (with its DPoP key, if bound); <see cref="RefreshResult.Valid"/> when it did.
    /// </summary>
    [Alias("Revoke")]
    Task<RefreshResult> RevokeAsync(RefreshPresentation presentation);

    /// <summary>
    /// Revokes the family and its live access tokens whoever holds its token: the grant it came from was compromised
    /// (its authorization code was replayed). Never on a client's request; durable on return.
    /// </summary>
    [Alias("RevokeGrant")]
    Task RevokeGrantAsync();

    /// <summary>
    /// The re-authorization <paramref name="deferralId"/> was approved: the grant now ends at
    /// <paramref name="approvedUntil"/> (never earlier than before), in place; its tokens and rotation carry on.
    /// Ignored unless it is the family's current re-authorization. Durable on return.
    /// </summary>
    [Alias("Reauthorized")]
    Task ReauthorizedAsync(string deferralId, DateTimeOffset approvedUntil);

    /// <summary>The re-authorization <paramref name="deferralId"/> was denied: the family is revoked. Durable on return.</summary>
    [Alias("ReauthorizationDenied")]
    Task ReauthorizationDeniedAsync(string deferralId);

    /// <summary>Describes the presented token for introspection without using it; a stale token revokes nothing here.</summary>
    [Alias("Describe")]
    Task<RefreshOutcome> DescribeAsync(RefreshPresentation presentation);
}
