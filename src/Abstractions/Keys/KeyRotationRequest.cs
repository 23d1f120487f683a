namespace DeferredOrleans.Abstractions.Keys;

/// <summary>The timings of a rotation, which the gateways know: they sign the tokens and serve the key set.</summary>
/// <param name="PublicationDelay">How long the next key must have been published before it signs (at least the key set's cache time).</param>
/// <param name="RetiredKeyLifetime">How long the replaced key stays published (the longest token lifetime, the gateways' refresh interval and clock skew).</param>
/// <param name="IfCurrent">Rotate only while this key is the current one, so that gateways rotating on a period do it once between them.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.KeyRotationRequest")]
public sealed record KeyRotationRequest(
    [property: Id(0)] TimeSpan PublicationDelay,
    [property: Id(1)] TimeSpan RetiredKeyLifetime,
    [property: Id(2)] string? IfCurrent = null);
