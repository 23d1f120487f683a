namespace DeferredOrleans.Grains.Keys;

/// <summary>A signing key as stored: its public coordinates in clear, its private key encrypted under the key-encryption key.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.StoredSigningKey")]
public sealed record StoredSigningKey(
    [property: Id(0)] string X,
    [property: Id(1)] string Y,
    [property: Id(2)] byte[] ProtectedPrivateKey);
