namespace DeferredOrleans.Abstractions.Keys;

/// <summary>A signing key's id, state and times; never its material.</summary>
/// <param name="KeyId">The key's id (its RFC 7638 thumbprint), the <c>kid</c> of the tokens it signs.</param>
/// <param name="State">Next, current or retired.</param>
/// <param name="CreatedAt">When it was created, which is when it was published.</param>
/// <param name="ActivatedAt">When it became the current key, if it has.</param>
/// <param name="RetiredAt">When it stopped signing, if it has.</param>
/// <param name="RetiresAt">When a retired key leaves the key set: its last token has expired by then.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.SigningKeyInfo")]
public sealed record SigningKeyInfo(
    [property: Id(0)] string KeyId,
    [property: Id(1)] SigningKeyState State,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? ActivatedAt = null,
    [property: Id(4)] DateTimeOffset? RetiredAt = null,
    [property: Id(5)] DateTimeOffset? RetiresAt = null);
