namespace DeferredOrleans.Gateway.OAuth;

/// <summary>Paths of endpoints that other parts name without depending on the endpoint itself.</summary>
public static class OAuthPaths
{
    /// <summary>The token endpoint (RFC 6749 §3.2), also an accepted audience of assertions (RFC 7523 §3).</summary>
    public const string Token = "/token";
}
