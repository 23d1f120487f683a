namespace DeferredOrleans.Core.Clients;

/// <summary>
/// One <c>token_endpoint_auth_method</c> a registration may name: what it proves itself with, and the rule its
/// metadata must meet (the problem, or null).
/// </summary>
public sealed record ClientAuthMethod(string Name, ClientCredentialKind Credential, Func<ClientMetadata, string?> Problem);
