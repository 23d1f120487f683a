using System.Net;
using System.Text;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Notifications;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>
/// The chat channel: the Slack-compatible payload <c>POST</c>ed to the person's incoming webhook through
/// <see cref="SafeHttp"/> (no redirects, address checked at connect time), with an <c>Idempotency-Key</c> that is the
/// same for every attempt. Any 2xx is delivered.
/// </summary>
public sealed class ChatWebhookSender : INotificationSender, IDisposable
{
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    public ChatWebhookSender(IOptions<NotificationOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _http = SafeHttp.CreateClient(_options.AllowPrivateTargets, _options.Timeout);
    }

    public NotificationChannel Channel => NotificationChannel.Chat;

    public async Task<SendResult> SendAsync(OutboundNotification message, CancellationToken cancellationToken)
    {
        if (CallbackTargets.Problem(message.Destination, _options.AllowPrivateTargets) is { } problem)
        {
            return SendResult.Failed(DeliveryFailure.Permanent, $"the webhook {problem}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, message.Destination)
        {
            Content = new StringContent(message.Payload ?? "{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SendResult.Ok($"HTTP {status}");
            }

            // RFC 9110 §15.5.9, §15.6 and RFC 6585 §4: a timeout, too many requests or a server error may pass.
            var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500;
            var retryAfter = RetryAfter.Parse(response.Headers.RetryAfter?.ToString(), _time.GetUtcNow());
            return SendResult.Failed(transient ? DeliveryFailure.Transient : DeliveryFailure.Permanent, $"HTTP {status}", retryAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return SendResult.Failed(DeliveryFailure.Transient, "no answer");
        }
    }

    public void Dispose() => _http.Dispose();
}
