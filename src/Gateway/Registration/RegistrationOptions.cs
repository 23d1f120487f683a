using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Registration;

/// <summary>Dynamic client registration (RFC 7591, RFC 7592), under <c>DeferredOrleans:Registration</c>. Off by default.</summary>
public sealed class RegistrationOptions
{
    public const string Section = "DeferredOrleans:Registration";

    /// <summary>Whether <c>/register</c> exists and <c>registration_endpoint</c> is advertised.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The hash (<c>hash-secret --token</c>) of the initial access token a client must present as a bearer token to
    /// register (RFC 7591 §3); required when enabled, so that registration is never open to anyone.
    /// </summary>
    public string? InitialAccessTokenHash { get; set; }

    /// <summary>Scope patterns (<c>*</c> wildcards) a registered client may be given; a scope outside them is refused.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Grant types a client may register; empty for every grant type the server offers.</summary>
    public List<string> GrantTypes { get; set; } = [];

    /// <summary>What stops the server at start: registration enabled without a token hash would be open to anyone.</summary>
    public IEnumerable<string> Problems()
    {
        if (Enabled && !SecretHasher.IsTokenHash(InitialAccessTokenHash))
        {
            yield return "Registration:Enabled needs an InitialAccessTokenHash made by hash-secret --token (RFC 7591 §3)";
        }
    }
}
