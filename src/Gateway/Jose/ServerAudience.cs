using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Jose;

/// <summary>
/// The names by which a token or assertion addresses this server as its audience: the issuer identifier and the token
/// endpoint's URL (RFC 7523 §3 item 3 allows either for assertions; token exchange accepts the same two).
/// </summary>
public static class ServerAudience
{
    public static bool IsNamedIn(IEnumerable<string?> audiences, ServerOptions server)
    {
        var tokenEndpoint = server.Endpoint(OAuthPaths.Token).ToString();
        return audiences.Any(a => a == server.Issuer || a == tokenEndpoint);
    }
}
