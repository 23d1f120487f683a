namespace DeferredOrleans.Abstractions.Clients;

/// <summary>A client's registration as its <see cref="IClientGrain"/> keeps it.</summary>
/// <param name="Registration">
/// The registration in the configuration's shape, as JSON (grant types, scopes, authentication method and the hash
/// of its secret or its keys, redirect URIs, ActsFor, notification endpoints, CIBA and DTR settings, Enabled). The
/// grain does not read it, so a member added to the registration is stored without changing the grain.
/// </param>
/// <param name="Origin">Where it came from.</param>
/// <param name="RegistrationTokenHash">The hash of the RFC 7592 registration access token of a dynamic client; never the token.</param>
/// <param name="Version">Incremented by every stored change (optimistic concurrency); set by the grain.</param>
/// <param name="UpdatedAt">When it was last stored; set by the grain.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ClientRecord")]
public sealed record ClientRecord(
    [property: Id(0)] string Registration,
    [property: Id(1)] ClientOrigin Origin,
    [property: Id(2)] string? RegistrationTokenHash = null,
    [property: Id(3)] long Version = 0,
    [property: Id(4)] DateTimeOffset UpdatedAt = default);
