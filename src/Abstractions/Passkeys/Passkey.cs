using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Passkeys;

/// <summary>A registered WebAuthn credential: only public material.</summary>
/// <param name="CredentialId">The credential id, base64url.</param>
/// <param name="PublicKey">The credential's public key (COSE_Key, RFC 9053).</param>
/// <param name="SignCount">The authenticator's signature counter at its last use (0 for authenticators without one).</param>
/// <param name="Name">A label the user chose, e.g. "laptop".</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="LastUsedAt">When it last signed someone in.</param>
/// <param name="Transports">How the browser may reach the authenticator (<c>internal</c>, <c>usb</c>, …), as it said at registration.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.Passkey")]
public sealed record Passkey(
    [property: Id(0)] string CredentialId,
    [property: Id(1)] ImmutableArray<byte> PublicKey,
    [property: Id(2)] uint SignCount,
    [property: Id(3)] string Name,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? LastUsedAt = null,
    [property: Id(6)] ImmutableArray<string> Transports = default);
