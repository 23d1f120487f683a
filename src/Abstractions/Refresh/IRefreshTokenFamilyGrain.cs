namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>
/// One refresh token family (one long-lived grant), keyed by the family id that prefixes its tokens. Only the
/// latest token of the family is valid; presenting any other revokes the family (reuse detection, RFC 9700 §4.14).
/// </summary>
[Alias("DeferredOrleans.IRefreshTokenFamilyGrain")]
public interface IRefreshTokenFamilyGrain : IGrainWithStringKey
{
    /// <summary>Starts the family with its first token's digest; durable on return.</summary>
    [Alias("Create")]
    Task CreateAsync(RefreshFamily family, string secretDigest);

    /// <summary>Checks a presented token without using it (a wrong token still revokes the family).</summary>
    [Alias("Inspect")]
    Task<RefreshOutcome> InspectAsync(RefreshPresentation presentation);

    /// <summary>Uses the presented token: the family moves to <paramref name="newDigest"/>; durable on return.</summary>
    [Alias("Rotate")]
    Task<RefreshOutcome> RotateAsync(RefreshPresentation presentation, string newDigest);

    /// <summary>Suspends the family while a deferred refresh waits; the presented token can no longer be used.</summary>
    [Alias("Suspend")]
    Task<RefreshOutcome> SuspendAsync(RefreshPresentation presentation, string deferralId);

    /// <summary>Ends a suspension by approval: rotates to <paramref name="newDigest"/>.</summary>
    [Alias("CompleteSuspended")]
    Task<RefreshOutcome> CompleteSuspendedAsync(string deferralId, string newDigest);

    /// <summary>Revokes the family if it belongs to the client; true when it did.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string clientId);
}
