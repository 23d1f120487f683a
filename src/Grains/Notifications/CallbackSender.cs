using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Deferrals;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Notifications;

/// <summary>
/// Sends one callback: <c>POST</c> with <c>{"deferral_code": …}</c> (or <c>auth_req_id</c>) and the client's bearer
/// token. Redirects are never followed, the address is resolved and checked at connect time (so DNS cannot point a
/// public name at a private address), and only 200 or 204 counts as delivered.
/// </summary>
public sealed class CallbackSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly CallbackOptions _options;

    public CallbackSender(IOptions<CallbackOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = _options.Timeout,
            UseCookies = false,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = _options.Timeout };
    }

    public async Task<bool> SendAsync(string endpoint, NotificationPayload payload, CancellationToken cancellationToken)
    {
        if (CallbackTargets.Problem(endpoint, _options.AllowPrivateTargets) is not null)
        {
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { [payload.Member] = payload.Handle }), Encoding.UTF8, "application/json"),
        };
        if (payload.BearerToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => _options.AllowPrivateTargets || CallbackTargets.IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException("The callback target resolves to no permitted address.");
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
