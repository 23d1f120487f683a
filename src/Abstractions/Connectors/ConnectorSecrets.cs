namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>What a <see cref="ConnectorBinding"/> keeps sealed.</summary>
/// <param name="Secret">The shared HMAC-SHA256 key that signs requests to the system and its callbacks.</param>
/// <param name="BearerToken">A bearer token to present to the system (ARAP endpoints, PDP re-evaluation), or null.</param>
public sealed record ConnectorSecrets(string Secret, string? BearerToken = null);
