using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// A real HTTP listener on loopback playing a client's notification endpoint (<c>deferred_client_notification_endpoint</c>,
/// the CIBA ping endpoint). It records every request with the moment it arrived and answers <see cref="Status"/>, or
/// the status a test chose for a given code; a redirect points at <c>{Endpoint}/moved</c>, which a server must not follow.
/// </summary>
public sealed class CallbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, HttpStatusCode> _answers = new(StringComparer.Ordinal);

    public CallbackReceiver()
    {
        var port = LoopbackPorts.Free();
        Endpoint = $"http://127.0.0.1:{port}/callback";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status for callbacks that no <see cref="AnswerFor"/> covers (204 unless a test says otherwise).</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.NoContent;

    /// <summary>Answers callbacks whose body names <paramref name="code"/> with <paramref name="status"/>.</summary>
    public void AnswerFor(string code, HttpStatusCode status) => _answers[code] = status;

    /// <summary>The callbacks that name the code, in their body or anywhere in the request line.</summary>
    public IReadOnlyList<Received> For(string code) =>
        [.. Requests.Where(r => r.Body.Contains(code, StringComparison.Ordinal) || r.PathAndQuery.Contains(code, StringComparison.Ordinal))];

    /// <summary>Waits (on the real clock) until a callback naming the code arrives.</summary>
    public async Task<Received> WaitForAsync(string code, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (For(code) is [var first, ..])
            {
                return first;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No callback for the code arrived within {timeout}.");
    }

    public void Dispose()
    {
        // A fixture may be disposed both synchronously and asynchronously.
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (_stop.IsCancellationRequested || e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = _answers.FirstOrDefault(a => body.Contains(a.Key, StringComparison.Ordinal)) is { Key: not null } chosen ? chosen.Value : Status;
            Requests.Enqueue(new Received(
                DateTimeOffset.UtcNow, context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"],
                context.Request.ContentType, body, status));
            context.Response.StatusCode = (int)status;
            if (status is HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect)
            {
                context.Response.RedirectLocation = $"{Endpoint}/moved";
            }

            context.Response.Close();
        }
    }

    /// <summary>One request the receiver got, and how it answered.</summary>
    public sealed record Received(
        DateTimeOffset At, string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body, HttpStatusCode Answered);
}
