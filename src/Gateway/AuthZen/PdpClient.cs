using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>
/// <c>POST /access/v1/evaluation</c> (AuthZEN Authorization API 1.0): a deny is still 200 with <c>decision:false</c>;
/// any other status, a timeout or a body without a boolean decision is a protocol failure (null), never a decision.
/// </summary>
public sealed class PdpClient : IDisposable
{
    private const int MaxResponseBytes = 64 * 1024;
    private readonly HttpClient _http;
    private readonly PdpOptions _options;
    private readonly string? _bearer;

    public PdpClient(IOptions<PdpOptions> options)
    {
        _options = options.Value;
        _bearer = _options.BearerTokenEnv is { } name ? Environment.GetEnvironmentVariable(name) : null;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = _options.Timeout })
        {
            Timeout = _options.Timeout,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
    }

    public async Task<PdpDecision?> EvaluateAsync(string evaluation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.EvaluationUrl)
        {
            Content = new StringContent(evaluation, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString("N"));
        if (_bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearer);
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode != 200)
            {
                return null;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
            return body?["decision"] is JsonValue decision && decision.TryGetValue<bool>(out var allowed)
                ? new PdpDecision(allowed, body["context"]?["access_request"] as JsonObject, body["context"] as JsonObject)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
