using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Notifications;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>
/// Sends one callback: <c>POST</c> with <c>{"deferral_code": …}</c> (or <c>auth_req_id</c>) and the client's bearer
/// token, through <see cref="SafeHttp"/>; only 200 or 204 counts as delivered.
/// </summary>
public sealed class CallbackSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly CallbackOptions _options;

    public CallbackSender(IOptions<CallbackOptions> options)
    {
        _options = options.Value;
        _http = SafeHttp.CreateClient(_options.AllowPrivateTargets, _options.Timeout);
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
}
