using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, port 0; shared by the HTTP and grain tests) that plays an external system: a ServiceNow-style webhook, an
/// AuthZEN access request service, a PDP. It records every request and answers through a replaceable handler.
/// </summary>
public sealed class ExternalSystem : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ExternalSystem(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<ExternalRequest> Requests { get; } = new();

    /// <summary>How the system answers; 200 with an empty object unless a test says otherwise.</summary>
    public Func<ExternalRequest, Task<ExternalReply>> Handler { get; set; } = _ => Task.FromResult(new ExternalReply(200, "{}"));

    public static async Task<ExternalSystem> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var holder = new ExternalSystem[1];
        app.Run(http => holder[0].HandleAsync(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        holder[0] = new ExternalSystem(app, address.TrimEnd('/'));
        return holder[0];
    }

    /// <summary>Waits (on the real clock) until a recorded request satisfies <paramref name="match"/>.</summary>
    public async Task<ExternalRequest> WaitForAsync(Func<ExternalRequest, bool> match, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The external system never received the expected request.");
    }

    public int Count(Func<ExternalRequest, bool> match) => Requests.Count(match);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ExternalRequest(http.Request.Method, http.Request.Path.Value ?? "", headers, body, DateTime.UtcNow);
        Requests.Enqueue(request);
        var reply = await Handler(request);
        http.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = reply.ContentType;
        await http.Response.WriteAsync(reply.Body);
    }
}

/// <summary>A request the external system received.</summary>
public sealed record ExternalRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTime ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}

/// <summary>How the external system answers.</summary>
public sealed record ExternalReply(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json");
