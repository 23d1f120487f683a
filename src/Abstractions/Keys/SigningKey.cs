namespace DeferredOrleans.Abstractions.Keys;

/// <summary>A published ES256 (P-256) signing key: its public coordinates, and its private key when it is the current one.</summary>
/// <param name="Info">Id, state and times.</param>
/// <param name="X">The public key's x coordinate, base64url.</param>
/// <param name="Y">The public key's y coordinate, base64url.</param>
/// <param name="PrivateKeyPkcs8">The private key, PKCS#8; only the current key's leaves the key ring.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.SigningKey")]
public sealed record SigningKey(
    [property: Id(0)] SigningKeyInfo Info,
    [property: Id(1)] string X,
    [property: Id(2)] string Y,
    [property: Id(3)] byte[]? PrivateKeyPkcs8);
