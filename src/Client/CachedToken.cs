namespace DeferredOrleans.Client;

/// <summary>A token the handler holds for one resource and scope, until <see cref="ExpiresAt"/>.</summary>
internal sealed record CachedToken(Uri Resource, string Scope, TokenResponse Token, DateTimeOffset ObtainedAt, DateTimeOffset ExpiresAt);
