using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.Bench;

/// <summary>
/// <c>--attack [--url URL] [--seconds S]</c>: online guessing against the approval API of the demo configuration
/// (a server it starts with the default protection, or one already running at URL, e.g. an older build), from
/// loopback addresses 127.0.0.2 and up so the victim's requests from 127.0.0.1 are another client. It prints the cost
/// of a wrong guess (unknown user, known user, a user who signed in before), the rate of wrong passwords against one
/// account and sprayed over many, and the median latency of a cached client's token requests alone and under a flood.
/// </summary>
internal static class Attack
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Value(args, "--seconds", 8);
        if (args.SkipWhile(a => a != "--url").Skip(1).FirstOrDefault() is { } url)
        {
            await RunAsync(new Uri(url), seconds);
            return 0;
        }

        using var database = new TempDatabase("bench-attack");
        await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path) { Configuration = "Release", LogLevel = "Warning" });
        await RunAsync(server.Address, seconds);
        return 0;
    }

    private static async Task RunAsync(Uri server, int seconds)
    {
        using var victim = Client(server, 1);

        // The work of one wrong guess, one at a time, before any lockout: the median of 9 each.
        await SendAsync(victim, Get("/approvals", "alice", "demo"));
        var signedInBefore = await MedianAsync(Enumerable.Range(0, 9).Select(i => Get("/approvals", "alice", $"wrong-{i}")), victim);
        var known = await MedianAsync(new[] { "bob", "carol", "dave" }.SelectMany(u => Enumerable.Range(0, 3).Select(i => Get("/approvals", u, $"wrong-{i}"))), victim);
        var unknown = await MedianAsync(Enumerable.Range(0, 9).Select(i => Get("/approvals", $"nobody-{i}", "wrong")), victim);
        Console.WriteLine($"wrong guess, median ms: unknown user {unknown:F1}, known user {known:F1}, user signed in before {signedInBefore:F1}");

        var baseline = await TokenLatencyAsync(victim, 100);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var oneAccount = FloodAsync(server, 16, i => Get("/approvals", "alice", $"guess-{i}"), cancel.Token);
        var underFlood = await TokenLatencyAsync(victim, 100);
        var (attempts, statuses) = await oneAccount;
        Console.WriteLine($"one account, {seconds} s: {attempts / (double)seconds:F0} wrong passwords/s sent; answers {Describe(statuses)}; checked (401) {statuses.GetValueOrDefault(401) / (double)seconds:F0}/s");
        Console.WriteLine($"token request median ms (cached client, another address): alone {baseline:F1}, under the flood {underFlood:F1}");

        using var spray = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var (sprayed, sprayStatuses) = await FloodAsync(server, 16, i => Get("/approvals", $"user-{i}", "Winter2026!"), spray.Token);
        Console.WriteLine($"spraying many accounts, {seconds} s: {sprayed / (double)seconds:F0}/s sent; answers {Describe(sprayStatuses)}");
    }

    /// <summary><paramref name="loops"/> senders, each from its own loopback address, until cancelled.</summary>
    private static async Task<(long Attempts, Dictionary<int, long> Statuses)> FloodAsync(Uri server, int loops, Func<long, HttpRequestMessage> request, CancellationToken cancel)
    {
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        long attempts = 0;
        await Task.WhenAll(Enumerable.Range(0, loops).Select(async loop =>
        {
            using var http = Client(server, 2 + loop);
            while (!cancel.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref attempts);
                try
                {
                    using var response = await http.SendAsync(request(n), cancel);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }));
        return (attempts, statuses.ToDictionary(s => s.Key, s => s.Value));
    }

    private static async Task<double> TokenLatencyAsync(HttpClient http, int count)
    {
        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "docs:read")]) };
            request.Headers.Authorization = Basic("agent", "agent-secret");
            latencies.Add(await TimeAsync(http, request));
        }

        return Median(latencies);
    }

    private static async Task<double> MedianAsync(IEnumerable<HttpRequestMessage> requests, HttpClient http)
    {
        var latencies = new List<double>();
        foreach (var request in requests)
        {
            latencies.Add(await TimeAsync(http, request));
        }

        return Median(latencies);
    }

    private static async Task<double> TimeAsync(HttpClient http, HttpRequestMessage request)
    {
        var started = Stopwatch.GetTimestamp();
        await SendAsync(http, request);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            await response.Content.ReadAsByteArrayAsync();
        }
    }

    private static HttpRequestMessage Get(string path, string user, string password) =>
        new(HttpMethod.Get, path) { Headers = { Authorization = Basic(user, password) } };

    private static AuthenticationHeaderValue Basic(string user, string secret) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));

    /// <summary>A client whose connections come from 127.0.0.<paramref name="host"/> (the server limits per address).</summary>
    private static HttpClient Client(Uri server, int host) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(IPAddress.Parse($"127.0.0.{host}"), 0));
            await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = server };

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Describe(Dictionary<int, long> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}×{s.Value}")));

    private static int Value(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
