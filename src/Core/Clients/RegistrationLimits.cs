namespace DeferredOrleans.Core.Clients;

/// <summary>What this server accepts in a registration.</summary>
/// <param name="GrantTypes">The grant types a client may register (the server's, or fewer).</param>
/// <param name="Scopes">Patterns (<c>*</c> wildcards) that every registered scope value must match.</param>
/// <param name="Development">Development allows http and private addresses for redirect URIs and endpoints.</param>
public sealed record RegistrationLimits(IReadOnlySet<string> GrantTypes, IReadOnlyList<string> Scopes, bool Development);
