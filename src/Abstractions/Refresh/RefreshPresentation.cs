namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>A refresh token as presented: by whom, its secret's digest, and the DPoP key proven with it.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.RefreshPresentation")]
public sealed record RefreshPresentation(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string SecretDigest,
    [property: Id(2)] string? DpopJkt);
