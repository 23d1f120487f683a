using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Bench;
using DeferredOrleans.TestSupport;

// dotnet run -c Release --project bench/DeferredOrleans.Bench -- [--requests N] [--concurrency C] [--runs R] [--inbox-items I]
// Starts a fresh server per run (embedded profile, demo configuration) and drives the deferred flow over HTTP:
// immediate issuance, deferral, a pending poll, approval, redemption; plus the server's memory per pending request;
// then the web inbox: the page with I pending requests (1,000 by default) and one bulk approval of all of them.
// dotnet run -c Release --project bench/DeferredOrleans.Bench -- --attack [--url URL] [--seconds S]: online guessing, see Attack.
if (args.Contains("--attack"))
{
    return await Attack.RunAsync(args);
}

var options = Options.Parse(args);
var runs = new List<(List<PhaseResult> Phases, double BytesPerPending)>();
for (var run = 1; run <= options.Runs; run++)
{
    Console.Error.WriteLine($"run {run}/{options.Runs}: {options.Requests} requests per phase, concurrency {options.Concurrency}");
    // Always the Release gateway (what the numbers are about) on a fresh SQLite file, removed after the run.
    using var database = new TempDatabase("bench");
    await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)
    {
        Configuration = "Release",
        LogLevel = "Warning",

        // One bulk action of the inbox takes every pending request (the default limit is 200).
        Settings = new Dictionary<string, string>(Unlimited()) { ["DeferredOrleans__Approvals__MaxBulk"] = options.InboxItems.ToString(CultureInfo.InvariantCulture) },
    });
    runs.Add(await RunOnceAsync(server, options));
}

Report.Write(Console.Out, options, runs);
return runs.SelectMany(r => r.Phases).Any(p => p.Failures > 0) ? 1 : 0;

// The bench measures throughput from one address and one client, far beyond the per-address and per-account limits
// of the default protection (BruteForce), which --attack measures.
static Dictionary<string, string> Unlimited() => new()
{
    ["DeferredOrleans__BruteForce__PerIp__Burst"] = "10000000", ["DeferredOrleans__BruteForce__PerIp__PerSecond"] = "10000000",
    ["DeferredOrleans__BruteForce__PerAccount__Burst"] = "10000000", ["DeferredOrleans__BruteForce__PerAccount__PerSecond"] = "10000000",
};

static async Task<(List<PhaseResult>, double)> RunOnceAsync(GatewayProcess server, Options options)
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = server.Address };
    var agent = Basic("agent", "agent-secret");
    var alice = Basic("alice", "demo");
    var n = options.Requests;
    var phases = new List<PhaseResult>();

    // Warm-up: JIT, connection pool, the client secret's verification cache, a first grain of each kind.
    await Phase.RunAsync("warm-up", 200, options.Concurrency, _ => TokenAsync(http, agent, HttpStatusCode.OK, ("grant_type", "client_credentials"), ("scope", "docs:read")));
    await Phase.RunAsync("warm-up", 50, options.Concurrency, _ => TokenAsync(http, agent, HttpStatusCode.BadRequest, ("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-789"), ("completion_mode", "deferred")));
    await Task.Delay(TimeSpan.FromSeconds(2));
    var residentBefore = server.ResidentBytes();

    phases.Add(await Phase.RunAsync("issue (no approval)", n, options.Concurrency,
        _ => TokenAsync(http, agent, HttpStatusCode.OK, ("grant_type", "client_credentials"), ("scope", "docs:read"))));

    var codes = new string[n];
    phases.Add(await Phase.RunAsync("defer (400 pending)", n, options.Concurrency, async i =>
    {
        var (ok, body) = await TokenWithBodyAsync(http, agent, HttpStatusCode.BadRequest, ("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-789"), ("completion_mode", "deferred"));
        codes[i] = ok ? body.GetProperty("deferral_code").GetString()! : "";
        return ok;
    }));
    await Task.Delay(TimeSpan.FromSeconds(2));
    var bytesPerPending = (server.ResidentBytes() - residentBefore) / (double)n;

    // Polls respect the 5 s interval (and the server's 1 s tolerance): wait it out once for all codes.
    await Task.Delay(TimeSpan.FromSeconds(6));
    phases.Add(await Phase.RunAsync("poll while pending", n, options.Concurrency, async i =>
    {
        var (ok, body) = await TokenWithBodyAsync(http, agent, HttpStatusCode.BadRequest, ("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", codes[i]));
        return ok && body.GetProperty("error").GetString() == "authorization_pending";
    }));

    phases.Add(await Phase.RunAsync("approve (one each)", n, options.Concurrency, async i =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{ApprovalIds.Of(codes[i])}/approve") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = alice;
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }));

    await Task.Delay(TimeSpan.FromSeconds(6));
    phases.Add(await Phase.RunAsync("redeem (200 token)", n, options.Concurrency,
        i => TokenAsync(http, agent, HttpStatusCode.OK, ("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", codes[i]))));
    phases.AddRange(await InboxPhases.RunAsync(server, agent, options.InboxItems, options.Concurrency));
    return (phases, bytesPerPending);
}

static async Task<bool> TokenAsync(HttpClient http, AuthenticationHeaderValue client, HttpStatusCode expected, params (string Name, string Value)[] form) =>
    (await TokenWithBodyAsync(http, client, expected, form)).Ok;

static async Task<(bool Ok, JsonElement Body)> TokenWithBodyAsync(HttpClient http, AuthenticationHeaderValue client, HttpStatusCode expected, params (string Name, string Value)[] form)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
    request.Headers.Authorization = client;
    using var response = await http.SendAsync(request);
    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    return (response.StatusCode == expected, body);
}

static AuthenticationHeaderValue Basic(string user, string secret) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));

internal sealed record Options(int Requests, int Concurrency, int Runs, int InboxItems)
{
    public static Options Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Options(Value("--requests", 2000), Value("--concurrency", 16), Value("--runs", 3), Value("--inbox-items", 1000));
    }
}
