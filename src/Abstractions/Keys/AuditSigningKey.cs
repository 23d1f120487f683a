namespace DeferredOrleans.Abstractions.Keys;

/// <summary>The ES256 (P-256) key that signs audit checkpoints and nothing else; never published in the JWKS.</summary>
/// <param name="KeyId">Its RFC 7638 thumbprint.</param>
/// <param name="X">The public key's x coordinate, base64url.</param>
/// <param name="Y">The public key's y coordinate, base64url.</param>
/// <param name="PrivateKeyPkcs8">The private key, PKCS#8.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditSigningKey")]
public sealed record AuditSigningKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string X,
    [property: Id(2)] string Y,
    [property: Id(3)] byte[] PrivateKeyPkcs8);
