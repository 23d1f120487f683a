namespace DeferredOrleans.Gateway.Inbox.SignIn;

/// <summary>
/// The organisation's OpenID Provider as a way into the inbox (section <c>DeferredOrleans:Inbox:Oidc</c>): the
/// authorization code flow with PKCE, and a claim of the OP's that holds the directory user id. Off without an authority.
/// </summary>
public sealed class UpstreamOidcOptions
{
    public const string Section = "DeferredOrleans:Inbox:Oidc";

    /// <summary>The OP's issuer; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>. Null: off.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client secret at the OP (sent as <c>client_secret_post</c>); keep it out of files (an environment variable).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The OP's claim (from the ID token or userinfo) whose value is the directory user id, e.g. <c>preferred_username</c>.</summary>
    public string UserClaim { get; set; } = "preferred_username";

    /// <summary>
    /// Scopes to ask for beyond <c>openid</c>, so that the OP releases <see cref="UserClaim"/>; none configured means
    /// <c>profile</c> (a list that started with it would keep it under any configured one).
    /// </summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The button's words on the sign-in page.</summary>
    public string DisplayName { get; set; } = "your organisation's account";

    /// <summary>False only for an OP on loopback in development and tests: metadata over plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => Authority is { Length: > 0 } && ClientId is { Length: > 0 };
}
