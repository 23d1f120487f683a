using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.Core.Notifications;

/// <summary>
/// Outbound HTTP to addresses given by others (client callbacks, external approval systems): redirects are never
/// followed, no cookies, and the address is resolved and checked at connect time, so DNS cannot point a public name
/// at a private address (SSRF, draft-ietf-oauth-deferred-token-response-01 §11.5).
/// </summary>
public static class SafeHttp
{
    public static HttpClient CreateClient(bool allowPrivateTargets, TimeSpan timeout) =>
        new(CreateHandler(allowPrivateTargets, timeout)) { Timeout = timeout };

    /// <summary>
    /// The handler. No proxy, whatever HTTP(S)_PROXY says: through a proxy the connect-time check would judge the
    /// proxy's address, and the proxy would then reach the target, private or not.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivateTargets, TimeSpan timeout) => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = timeout,
        UseCookies = false,
        UseProxy = false,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, allowPrivateTargets, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateTargets, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivateTargets || CallbackTargets.IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException("The target resolves to no permitted address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
