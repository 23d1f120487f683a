using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.HttpTests;

/// <summary>A real HTTP listener on loopback that plays a client's notification endpoint and records what arrives.</summary>
public sealed class CallbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public CallbackReceiver()
    {
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}/callback";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status the receiver answers with (204 unless a test says otherwise).</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.NoContent;

    public void Dispose()
    {
        // The factory may be disposed both synchronously and asynchronously.
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Close();
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
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new Received(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"], context.Request.ContentType, body, Status));
            context.Response.StatusCode = (int)Status;
            if (Status == HttpStatusCode.Redirect)
            {
                context.Response.RedirectLocation = Endpoint + "/moved";
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One request the receiver got, and how it answered.</summary>
    public sealed record Received(string Method, string Path, string? Authorization, string? ContentType, string Body, HttpStatusCode Answered);
}
