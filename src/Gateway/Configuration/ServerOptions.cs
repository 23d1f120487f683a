namespace DeferredOrleans.Gateway.Configuration;

/// <summary>The authorization server's identity and token settings (section <c>DeferredOrleans:Server</c>).</summary>
public sealed class ServerOptions
{
    public const string Section = "DeferredOrleans:Server";

    /// <summary>The issuer identifier (RFC 8414 §2); endpoint URLs in metadata derive from it.</summary>
    public string Issuer { get; set; } = "http://localhost:5080";

    /// <summary>The audience of tokens whose request named no resource.</summary>
    public string DefaultAudience { get; set; } = "api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan IdTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a refresh token grant lasts in all (RT-EXP <c>authorization_expires_in</c>).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a refresh token may sit unused (RT-EXP <c>refresh_token_timeout</c>).</summary>
    public TimeSpan RefreshTokenIdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long before a refresh grant ends its owner is asked to re-authorize it; null (the default) lets grants
    /// simply end. A client's <c>ReauthorizationLeadTime</c> overrides it.
    /// </summary>
    public TimeSpan? ReauthorizationLeadTime { get; set; }

    /// <summary>How long after the grant ended a re-authorization request still waits for its decision.</summary>
    public TimeSpan ReauthorizationGrace { get; set; } = TimeSpan.FromDays(7);

    public Uri Endpoint(string path) => new($"{Issuer.TrimEnd('/')}{path}");
}
