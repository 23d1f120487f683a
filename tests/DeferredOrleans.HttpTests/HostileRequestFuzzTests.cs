using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CsCheck;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// 100,000 hostile requests (CsCheck, <see cref="HostileRequests"/>) across every route the server maps, read from
/// its route table so that a new endpoint is fuzzed without a change here, through the whole pipeline with valid
/// credentials where an endpoint needs them, so bodies are parsed. None may be a 5xx, and afterwards the server still
/// answers its health checks and serves a whole deferred flow. The limits are high here (testserver.json), so the
/// limiter never hides an endpoint's own handling; BruteForceTests checks the limiter itself.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class HostileRequestFuzzTests(FuzzGatewayFactory factory, ITestOutputHelper output)
{
    private const int Requests = 100_000;

    [Fact]
    public async Task HundredThousandHostileRequests_AcrossEveryRoute_NoneIsA5xx_AndTheServerStaysHealthy()
    {
        var client = new OAuthTestClient(factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), factory.Time);
        var routes = Routes(factory.Services);
        Assert.Contains(("POST", "/token"), routes);
        Assert.Contains(("POST", "/approvals/{id}/approve"), routes);
        var known = await KnownAsync(client);
        var statuses = new ConcurrentDictionary<(string Route, int Status), int>();
        var failures = new ConcurrentQueue<string>();
        var costs = new ConcurrentDictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        await new HostileRequests(routes, known).All().SampleAsync(
            async request =>
            {
                var started = Stopwatch.GetTimestamp();
                var status = await SendAsync(client.Http, request);
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses.AddOrUpdate((request.Route, status), 1, (_, n) => n + 1);
                costs.AddOrUpdate(request.Route, milliseconds, (_, n) => n + milliseconds);
                if (status >= 500 && failures.Count < 20)
                {
                    failures.Enqueue($"{status}: {request}");
                }

                return status < 500;
            },
            iter: Requests,
            threads: 16,
            print: r => r.ToString());

        clock.Stop();
        var total = statuses.Values.Sum();
        var perRoute = statuses.GroupBy(s => s.Key.Route).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Key.Status, s => s.Value));
        output.WriteLine($"{total} requests to {routes.Count} routes in {clock.Elapsed.TotalSeconds:F1} s ({total / clock.Elapsed.TotalSeconds:F0}/s), " +
            $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F0} s of CPU (client, server and silo)");
        foreach (var (route, counts) in perRoute.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{route}: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}×{c.Value}"))} ({costs.GetValueOrDefault(route) / 1000:F1} s)");
        }

        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.True(total >= Requests, $"{total} requests");
        Assert.All(routes, r => Assert.True(perRoute.GetValueOrDefault($"{r.Method} {r.Pattern}")?.Values.Sum() >= Requests / routes.Count / 2, $"{r.Method} {r.Pattern} was hardly fuzzed"));

        // Credentials got the approval and admin endpoints past authentication and authorization, so bodies were read.
        Assert.All(
            routes.Where(r => r.Pattern.StartsWith("/approvals", StringComparison.Ordinal) || r.Pattern.StartsWith("/admin", StringComparison.Ordinal)),
            r => Assert.Contains(perRoute[$"{r.Method} {r.Pattern}"].Keys, s => s is not (401 or 403 or 405)));
        await AssertHealthyAsync(client);
    }

    /// <summary>Found by this fuzz test: an object in the admin API's authorization_details naming a member twice is a 400, not a 500.</summary>
    [Fact]
    public async Task AdminExplain_ObjectNamingAMemberTwice_Is400()
    {
        var client = new OAuthTestClient(factory.CreateClient(), factory.Time);

        var reply = await client.SendAsync(HttpMethod.Post, "/admin/policy/explain", OAuthTestClient.Basic("approver", "approver-pw"),
            OAuthTestClient.Json("""{"client_id":"c1","authorization_details":[{"type":"x","password_hash":null,"password_hash":"y"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    /// <summary>Every route and method the server maps (health checks and all); a route without methods takes any.</summary>
    private static List<(string Method, string Pattern)> Routes(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET", "POST"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal),
    ];

    /// <summary>Pending deferrals, their codes, connector tasks and an access token, for the requests to use.</summary>
    private async Task<HostileRequests.Known> KnownAsync(OAuthTestClient client)
    {
        var codes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            codes.Add(await client.DeferAsync("c1", "approve:me"));
        }

        var tasks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tasks.Add(DeferralCodes.Id(await client.DeferAsync("c1", i % 2 == 0 ? "deploy:webhook" : "deploy:arap")));
        }

        var token = (await client.TokenAsync("c1", ("grant_type", "client_credentials"), ("scope", "read"))).Json.GetProperty("access_token").GetString()!;
        return new HostileRequests.Known([.. codes.Select(DeferralCodes.Id)], codes, tasks, token, factory.Time.GetUtcNow().ToUnixTimeSeconds());
    }

    private static async Task<int> SendAsync(HttpClient http, HostileRequest generated)
    {
        using var request = new HttpRequestMessage(new HttpMethod(generated.Method), generated.Path);
        if (generated.Body.Length > 0 || generated.ContentType is not null)
        {
            request.Content = new ByteArrayContent(generated.Body);
            if (generated.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        foreach (var (name, value) in generated.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    private async Task AssertHealthyAsync(OAuthTestClient client)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);
        var code = await client.DeferAsync("c1", "approve:me");
        Assert.Equal(HttpStatusCode.OK, (await client.ApproveAsync("approver", code)).Status);
        var token = await client.PollAsync("c1", code);
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        Assert.Equal("Bearer", token.Json.GetProperty("token_type").GetString());
    }
}
