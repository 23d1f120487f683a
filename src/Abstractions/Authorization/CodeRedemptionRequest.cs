namespace DeferredOrleans.Abstractions.Authorization;

/// <summary>The parts of a token request that must match the code.</summary>
/// <param name="ClientId">The authenticated client.</param>
/// <param name="RedirectUri">The token request's redirect_uri.</param>
/// <param name="CodeVerifierChallenge">base64url(SHA-256(code_verifier)), computed by the gateway.</param>
/// <param name="DeferredRequested">Whether the token request carries <c>completion_mode=deferred</c>.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.CodeRedemptionRequest")]
public sealed record CodeRedemptionRequest(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string? RedirectUri,
    [property: Id(2)] string CodeVerifierChallenge,
    [property: Id(3)] bool DeferredRequested);
