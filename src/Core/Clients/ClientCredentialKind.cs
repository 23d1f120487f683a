namespace DeferredOrleans.Core.Clients;

/// <summary>What a client proves itself with at the token endpoint, which follows from its authentication method.</summary>
public enum ClientCredentialKind
{
    /// <summary>A public client (<c>none</c>): nothing but its id.</summary>
    None,

    /// <summary>A secret the server issues and keeps only as a hash.</summary>
    Secret,

    /// <summary>An assertion signed with one of its registered keys (<c>jwks</c> or <c>jwks_uri</c>).</summary>
    Keys,
}
