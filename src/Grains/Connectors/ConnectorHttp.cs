using System.Net.Http.Headers;
using System.Text;
using DeferredOrleans.Core.Connectors;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Grains.Notifications;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Connectors;

/// <summary>
/// HTTP to external approval systems through <see cref="SafeHttp"/>: every call has a timeout, the target is checked
/// (https on public addresses unless private targets are allowed), and answers are read up to a size cap. Failures
/// are answers with status 0, never exceptions.
/// </summary>
public sealed class ConnectorHttp : IDisposable
{
    private const int MaxResponseBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly ConnectorOptions _options;

    public ConnectorHttp(IOptions<ConnectorOptions> options)
    {
        _options = options.Value;
        _http = SafeHttp.CreateClient(_options.AllowPrivateTargets, Timeout.InfiniteTimeSpan);
    }

    public async Task<ConnectorResponse> SendAsync(HttpMethod method, string url, string? json, IEnumerable<KeyValuePair<string, string>> headers, TimeSpan timeout)
    {
        if (CallbackTargets.Problem(url, _options.AllowPrivateTargets) is not null)
        {
            return ConnectorResponse.Failed;
        }

        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await ReadCappedAsync(response.Content, deadline.Token);
            return body is null
                ? ConnectorResponse.Failed
                : new ConnectorResponse(
                    (int)response.StatusCode,
                    body,
                    response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.AbsoluteUri : null,
                    response.Headers.TryGetValues("Retry-After", out var retry) ? retry.FirstOrDefault() : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
        {
            return ConnectorResponse.Failed;
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<string?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total > MaxResponseBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }
}
