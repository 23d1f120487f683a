using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeferredOrleans.TestSupport;

namespace DeferredOrleans.Bench;

/// <summary>
/// One run of issue 12's phases against a fresh server, next to the trivial ceiling endpoint:
/// <list type="number">
/// <item>the ceiling, by wrk and by the .NET driver (each generator's own 1.0);</item>
/// <item>immediate client_credentials (wrk);</item>
/// <item>deferral creation at c=32 (wrk, keeping the codes: <c>codes + bulk</c> of them), then the GC heap per pending
/// deferral;</item>
/// <item>pending polls of those codes back to back (wrk; the poll tolerance is raised to the interval so a code may be
/// polled again at once: this measures the poll path, not slow_down);</item>
/// <item>the same codes each polled at its 5 s interval (wrk, paced connections), with the p99;</item>
/// <item>approve and redeem <c>codes</c> of them one by one (.NET driver: one path or body per code);</item>
/// <item>one bulk approval of the other <c>bulk</c> with the web inbox's "Approve all" of the client (one call);</item>
/// <item>with <c>--pending P</c>, a further population of P pending deferrals (wrk, c=32), the heap per pending
/// deferral again, and every one of them polled at its 5 s interval;</item>
/// <item>with <c>--clients N</c>, N dynamic registrations, the heap per registered client, and the token endpoint with
/// <c>private_key_jwt</c> beside <c>client_secret_basic</c> (<see cref="ClientPhases"/>).</item>
/// </list>
/// </summary>
internal static class RunPhases
{
    private const string ClientCredentials = "grant_type=client_credentials&scope=docs%3Aread";
    private const string Deferred = "grant_type=client_credentials&scope=doc%3Awrite&resource=doc-789&completion_mode=deferred";
    private static readonly string Agent = Basic("agent", "agent-secret");
    private static readonly string Alice = Basic("alice", "demo");

    public static async Task<RunResult> RunOnceAsync(Options options)
    {
        using var database = new TempDatabase("bench");
        var scratch = Directory.CreateTempSubdirectory("bench-codes");
        using var ceiling = await Ceiling.StartAsync();
        await using var embedded = options.Cluster is null ? await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)
        {
            Configuration = "Release",
            LogLevel = "Warning",
            Assembly = options.Gateway,
            Settings = Settings(options),
        }) : null;
        var server = embedded is null ? Target.Cluster(options.Cluster!, options.ClusterDirectory) : Target.Of(embedded);
        try
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var result = await RunAsync(options, server, ceiling, scratch.FullName);
            return result with { LoadAverage = $"{load} → {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" };
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<RunResult> RunAsync(Options options, Target server, CeilingProcess ceiling, string scratch)
    {
        var c = options.Concurrency;
        var beside = new Target(ceiling.Address, ceiling.ProcessId, [("ceiling", ceiling.ProcessId)]);
        var rows = new List<Row>();
        var notes = new Dictionary<string, double>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = c }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        using var toCeiling = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = c }) { BaseAddress = ceiling.Address };

        await WarmUpAsync(http, toCeiling, server, beside, c, deferrals: options.Reactivation == 0);
        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10),
        };
        var antiforgery = await SignInAsync(browser);
        var wrkCeiling = await WrkAsync("ceiling: trivial endpoint", new WrkRun(ceiling.Address.Combine("/token"), "post.lua", c, options.Seconds, Form(ClientCredentials, null)), beside, null);
        rows.Add(wrkCeiling);
        var netCeiling = await DriverAsync("ceiling: trivial endpoint", options.Seconds * 2000, c, beside, null,
            _ => PostFormAsync(toCeiling, "/token", null, ClientCredentials, HttpStatusCode.OK));
        rows.Add(netCeiling);

        rows.Add(await WrkAsync("immediate client_credentials", new WrkRun(server.Address.Combine("/token"), "post.lua", c, options.Seconds, Form(ClientCredentials, Agent)), server, wrkCeiling.PerSecond));

        if (options.Reactivation > 0)
        {
            await ReactivationAsync(options, server, http, scratch, netCeiling.PerSecond, rows, notes);
            return new RunResult(rows, notes);
        }

        var heapBefore = await server.HeapsAsync();
        var deferred = options.Codes + options.Bulk;
        var (creation, codes) = await FillAsync($"deferral creation ({deferred} codes)", server, c, deferred, scratch, "first", wrkCeiling.PerSecond);
        rows.Add(creation);
        HeapNotes(notes, "heap per pending deferral (first codes)", server, heapBefore, await server.HeapsAsync(), deferred);

        var codesFile = Path.Combine(scratch, "first.all");
        await File.WriteAllLinesAsync(codesFile, codes);
        rows.Add(await WrkAsync("pending poll", new WrkRun(server.Address.Combine("/token"), "poll.lua", c, options.Seconds,
            new Dictionary<string, string> { ["BENCH_CODES"] = codesFile, ["BENCH_AUTH"] = Agent, ["BENCH_CHECK"] = "1" }), server, wrkCeiling.PerSecond));

        rows.Add(await RealisticPollAsync(server, codesFile, deferred, options.Seconds * 2, wrkCeiling.PerSecond));
        rows.Add(await DriverAsync("approve (one each)", options.Codes, c, server, netCeiling.PerSecond, i => ApproveAsync(http, codes[i])));
        rows.Add(await DriverAsync("redeem (200 token)", options.Codes, c, server, netCeiling.PerSecond,
            i => PostFormAsync(http, "/token", Agent, Redeem(codes[i]), HttpStatusCode.OK)));

        // The JSON bulk API takes at most 256 KiB, about 5,000 ids; the inbox's "Approve all" of a client is one call
        // for any number (one DecideManyAsync of the inbox grain either way).
        rows.Add(await DriverAsync($"bulk approval of {options.Bulk} (one inbox action)", 1, 1, server, null, async _ =>
        {
            using var response = await browser.PostAsync(new Uri("/inbox/bulk?client=agent", UriKind.Relative), new FormUrlEncodedContent(
                [new("decision", "approve"), new("as_of", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), new("__RequestVerificationToken", antiforgery)]));
            var html = await response.Content.ReadAsStringAsync();
            var ok = response.StatusCode == HttpStatusCode.OK && html.Contains($"{options.Bulk} of {options.Bulk} approved.", StringComparison.Ordinal);
            if (!ok)
            {
                Console.Error.WriteLine($"  bulk approval answered {(int)response.StatusCode}: {System.Text.RegularExpressions.Regex.Match(html, @"\d+ (of \d+ approved|requests were selected)[^<]*").Value}");
            }

            return ok;
        }));

        if (options.Pending > 0)
        {
            var populationBefore = await server.HeapsAsync();
            var (fill, population) = await FillAsync($"deferral creation, growing to {options.Pending} pending", server, c, options.Pending, scratch, "population", wrkCeiling.PerSecond);
            rows.Add(fill);
            HeapNotes(notes, "heap per pending deferral (population)", server, populationBefore, await server.HeapsAsync(), options.Pending);
            var populationFile = Path.Combine(scratch, "population.all");
            await File.WriteAllLinesAsync(populationFile, population);

            rows.Add(await RealisticPollAsync(server, populationFile, options.Pending, options.Seconds * 2, wrkCeiling.PerSecond));
        }

        if (options.Clients > 0)
        {
            var (phases, heapPerClient) = await ClientPhases.RunAsync(server, options.Clients, options.Tokens, c);
            rows.AddRange(phases.Select(p => new Row(p.Name, ".NET", p.PerSecond, p.P50, p.P99, p.Failures, p.Count == 1 ? null : p.PerSecond / netCeiling.PerSecond, double.NaN, double.NaN)));
            notes["heap per registered client (grain activation and gateway cache), bytes"] = heapPerClient;
        }

        if (options.InboxItems > 0)
        {
            rows.AddRange((await InboxPhases.RunAsync(server, new AuthenticationHeaderValue("Basic", Agent[6..]), options.InboxItems, c))
                .Select(p => new Row(p.Name, ".NET", p.PerSecond, p.P50, p.P99, p.Failures, null, double.NaN, double.NaN)));
        }

        return new RunResult(rows, notes);
    }

    /// <summary>
    /// Every path once at some length before anything is measured: JIT tiering (with the runtime's tiered PGO), the
    /// connection pools, the client secret's verification cache, a first grain of each kind.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient http, HttpClient toCeiling, Target server, Target ceiling, int c, bool deferrals)
    {
        await Phase.RunAsync("warm-up", 200, c, _ => PostFormAsync(http, "/token", Agent, ClientCredentials, HttpStatusCode.OK));
        await Phase.RunAsync("warm-up", 2000, c, _ => PostFormAsync(toCeiling, "/token", null, ClientCredentials, HttpStatusCode.OK));
        await WrkAsync("warm-up", new WrkRun(ceiling.Address.Combine("/token"), "post.lua", c, 3, Form(ClientCredentials, null)), ceiling, null);
        await WrkAsync("warm-up", new WrkRun(server.Address.Combine("/token"), "post.lua", c, 3, Form(ClientCredentials, Agent)), server, null);
        if (!deferrals)
        {
            return;
        }

        var codes = new string[400];
        await Phase.RunAsync("warm-up", codes.Length, c, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new StringContent(Deferred, Encoding.ASCII, "application/x-www-form-urlencoded") };
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(Agent);
            using var response = await http.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            codes[i] = body.RootElement.GetProperty("deferral_code").GetString()!;
            return true;
        });
        for (var round = 0; round < 5; round++)
        {
            await Phase.RunAsync("warm-up", codes.Length, c, i => PostFormAsync(http, "/token", Agent, Redeem(codes[i]), HttpStatusCode.BadRequest));
        }

        await Phase.RunAsync("warm-up", 200, c, i => ApproveAsync(http, codes[i]));
        await Phase.RunAsync("warm-up", 200, c, i => PostFormAsync(http, "/token", Agent, Redeem(codes[i]), HttpStatusCode.OK));
        await BulkApproveAsync(http, [.. codes.Skip(200).Select(ApprovalIds.Of)]);
    }

    /// <summary>
    /// Every code of <paramref name="file"/> polled at its 5 s interval: each connection waits its share of the
    /// interval before its next poll and each thread cycles through its codes in order, so no code is polled sooner
    /// than 5 s after its previous poll; a slow server stretches the cycle instead of shortening it. A connection's
    /// cycle is its pause plus the answer's latency, so there are enough connections (one per 20 polls a second, at
    /// least 256) for the pause to be about 50 ms, and a latency of a few milliseconds to cost a few percent of the rate.
    /// </summary>
    private static Task<Row> RealisticPollAsync(Target server, string file, int pending, int seconds, double ceiling)
    {
        var target = pending / 5.0;
        var connections = Math.Clamp((int)(target / 20), 256, 4096);
        var pace = connections / target * 1000;
        return WrkAsync($"realistic poll: {pending} pending, each every 5 s (target {target:F0}/s)",
            new WrkRun(server.Address.Combine("/token"), "poll.lua", connections, seconds, new Dictionary<string, string>
            {
                ["BENCH_CODES"] = file, ["BENCH_AUTH"] = Agent, ["BENCH_CHECK"] = "1",
                ["BENCH_DELAY_MS"] = Math.Max(1, (int)Math.Round(pace)).ToString(CultureInfo.InvariantCulture),
            }), server, ceiling);
    }

    /// <summary>
    /// A poll answered by an active deferral grain beside one answered by a grain that idle deactivation collected and
    /// the poll reactivates from storage: <c>--reactivation N</c> pending deferrals, each polled once (a first pass
    /// warms the poll path and is not counted) and then once more at their interval, all left idle past
    /// <c>Deferrals:IdleDeactivation</c> (the run sets it to 65 s: Orleans wants it above its collection quantum of 1 minute) for
    /// <c>--idle-wait</c> seconds, then each polled once again; with the GC heap per pending deferral while active,
    /// after the deactivation and after the reactivation.
    /// </summary>
    private static async Task ReactivationAsync(Options options, Target server, HttpClient http, string scratch, double ceiling, List<Row> rows, Dictionary<string, double> notes)
    {
        var n = options.Reactivation;
        var c = options.Concurrency;
        var before = await server.HeapsAsync();
        var (fill, codes) = await FillAsync($"deferral creation ({n} codes)", server, c, n, scratch, "reactivation", ceiling);
        rows.Add(fill);
        HeapNotes(notes, "heap per pending deferral, grains active", server, before, await server.HeapsAsync(), n);

        // The demo's poll interval is 5 s; the run's poll tolerance of 5 s lets the warming pass follow at once.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await Phase.RunAsync("warm-up", n, c, i => PostFormAsync(http, "/token", Agent, Redeem(codes[i]), HttpStatusCode.BadRequest));
        await Task.Delay(TimeSpan.FromSeconds(5));
        rows.Add(await DriverAsync($"poll once each, deferral grain active ({n})", n, c, server, ceiling,
            i => PostFormAsync(http, "/token", Agent, Redeem(codes[i]), HttpStatusCode.BadRequest)));

        Console.Error.WriteLine($"  idle for {options.IdleWait} s, past Deferrals:IdleDeactivation");
        await Task.Delay(TimeSpan.FromSeconds(options.IdleWait));
        HeapNotes(notes, "heap per pending deferral, grains deactivated", server, before, await server.HeapsAsync(), n);
        rows.Add(await DriverAsync($"poll once each, deferral grain reactivated from storage ({n})", n, c, server, ceiling,
            i => PostFormAsync(http, "/token", Agent, Redeem(codes[i]), HttpStatusCode.BadRequest)));
        HeapNotes(notes, "heap per pending deferral, grains reactivated", server, before, await server.HeapsAsync(), n);
    }

    /// <summary>
    /// The growth of the server's GC heap over <paramref name="count"/> deferrals, in all and per process where there are
    /// several: the heap's size (free space included) and, as "live", the bytes of objects alive after the collection.
    /// </summary>
    private static void HeapNotes(Dictionary<string, double> notes, string name, Target server, HeapProbe.Sample[] before, HeapProbe.Sample[] after, int count)
    {
        notes[$"{name}, bytes"] = (after.Sum(h => h.Size) - before.Sum(h => h.Size)) / (double)count;
        notes[$"{name}, live bytes"] = (after.Sum(h => h.Live) - before.Sum(h => h.Live)) / (double)count;
        if (server.Clustered)
        {
            for (var i = 0; i < before.Length; i++)
            {
                notes[$"{name}, {server.DotNet[i].Name}, bytes"] = (after[i].Size - before[i].Size) / (double)count;
                notes[$"{name}, {server.DotNet[i].Name}, live bytes"] = (after[i].Live - before[i].Live) / (double)count;
            }
        }
    }

    /// <summary>Alice signs in to the web inbox; returns the antiforgery token of her session.</summary>
    private static async Task<string> SignInAsync(HttpClient browser)
    {
        var signIn = await browser.GetStringAsync(new Uri("/inbox/signin", UriKind.Relative));
        using var signedIn = await browser.PostAsync(new Uri("/inbox/signin?handler=password", UriKind.Relative), new FormUrlEncodedContent(
            [new("username", "alice"), new("password", "demo"), new("returnUrl", "/inbox"), new("__RequestVerificationToken", InboxPhases.Token(signIn))]));
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in failed: {signedIn.StatusCode}");
        }

        return InboxPhases.Token(await browser.GetStringAsync(new Uri("/inbox", UriKind.Relative)));
    }

    private static async Task<bool> ApproveAsync(HttpClient http, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{ApprovalIds.Of(code)}/approve") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(Alice);
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<bool> BulkApproveAsync(HttpClient http, string[] ids)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/approvals/bulk") { Content = new StringContent(JsonSerializer.Serialize(new { ids, decision = "approve" }), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(Alice);
        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return response.StatusCode == HttpStatusCode.OK &&
            body.RootElement.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("result").GetString() == "approved") == ids.Length;
    }

    private static string Redeem(string code) => $"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adeferred&deferral_code={code}";

    private static Dictionary<string, string> Settings(Options options) => new Dictionary<string, string>
    {
        // One client from one address, far beyond the per-address and per-account limits (--attack measures them).
        ["DeferredOrleans__BruteForce__PerIp__Burst"] = "10000000", ["DeferredOrleans__BruteForce__PerIp__PerSecond"] = "10000000",
        ["DeferredOrleans__BruteForce__PerAccount__Burst"] = "10000000", ["DeferredOrleans__BruteForce__PerAccount__PerSecond"] = "10000000",
        ["DOTNET_PerfMapEnabled"] = ThreadCpu.TracePhase is null ? "0" : "1",

        // perf cannot name JIT-compiled frames in the double-mapped code of W^X, so a profiled run turns it off.
        ["DOTNET_EnableWriteXorExecute"] = ThreadCpu.TracePhase is null ? "1" : "0",
        ["DeferredOrleans__Approvals__MaxBulk"] = Math.Max(options.Bulk, options.InboxItems).ToString(CultureInfo.InvariantCulture),

        // The inbox loads at most 1,000 pending requests (the "Approve all" acts on those): raised to the bulk size.
        ["DeferredOrleans__Inbox__MaxItems"] = Math.Max(options.Bulk, options.InboxItems).ToString(CultureInfo.InvariantCulture),

        // The demo's interval is 5 s; a tolerance of 5 s lets the pending-poll phase poll a code again at once.
        ["DeferredOrleans__Deferrals__PollTolerance"] = "00:00:05",
    }.Concat(options.Clients > 0 ? ClientPhases.Settings() : [])
        // Orleans refuses a collection age that is not above its collection quantum (1 minute by default).
        .Concat(options.Reactivation > 0 ? [new("DeferredOrleans__Deferrals__IdleDeactivation", "00:01:05")] : Array.Empty<KeyValuePair<string, string>>())
        .ToDictionary();

    /// <summary>The server settings of a run as environment lines, for <c>scripts/cluster-up.sh</c> (<c>--settings</c>).</summary>
    public static IEnumerable<string> SettingLines(Options options) => Settings(options)
        .Where(s => s.Key.StartsWith("DeferredOrleans__", StringComparison.Ordinal)).Select(s => $"{s.Key}={s.Value}");

    /// <summary>Deferral creation with wrk until <paramref name="count"/> codes are held (fill.lua), then stopped.</summary>
    private static async Task<(Row Row, string[] Codes)> FillAsync(string name, Target server, int connections, int count, string scratch, string label, double ceiling)
    {
        const int threads = 2;
        var output = Path.Combine(scratch, label);
        var run = new WrkRun(server.Address.Combine("/token"), "fill.lua", connections, 3600, new Dictionary<string, string>
        {
            ["BENCH_BODY"] = Deferred, ["BENCH_AUTH"] = Agent, ["BENCH_OUT"] = output,
            ["BENCH_QUOTA"] = ((count + threads - 1) / threads).ToString(CultureInfo.InvariantCulture),
        });
        var row = await WrkAsync(name, run, server, ceiling, async pid =>
        {
            while (!Enumerable.Range(0, threads).All(t => File.Exists($"{output}.{t}.done")) && Directory.Exists($"/proc/{pid}"))
            {
                await Task.Delay(20);
            }

            Wrk.Interrupt(pid);
        });
        var codes = Enumerable.Range(0, threads).SelectMany(t => File.ReadAllLines($"{output}.{t}")).Take(count).ToArray();
        return (row with { Failures = row.Failures + Math.Max(0, count - codes.Length) }, codes);
    }

    private static async Task<Row> WrkAsync(string name, WrkRun run, Target server, double? ceiling, Func<int, Task>? watch = null)
    {
        var serverCpu = server.CpuSeconds();
        var threads = ThreadCpu.Snapshot(server.ProcessId);
        using var trace = ThreadCpu.StartTrace(name, server.ProcessId, Math.Min(run.Seconds, 30));
        await using var commits = CommitProbe.Start(server.ProcessId);
        var result = await Wrk.RunAsync(run, watch);
        var storage = commits is null ? null : await commits.StopAsync();
        var serverCpuAfter = server.CpuSeconds();
        var serverUsed = serverCpuAfter.Sum() - serverCpu.Sum();
        var split = ThreadCpu.Split(threads, ThreadCpu.Snapshot(server.ProcessId));
        if (trace is not null)
        {
            await trace.WaitForExitAsync();
        }
        var machine = result.Seconds * Environment.ProcessorCount;
        var processes = server.CpuSplit(serverCpu, serverCpuAfter, machine);
        var failures = result.Custom.GetValueOrDefault("bad") + result.Custom.GetValueOrDefault("failed") + (result.Errors.Length > 0 ? 1 : 0);
        if (run.Script == "post.lua" && result.NonSuccess > 0 && run.Environment["BENCH_BODY"] != Deferred)
        {
            failures += result.NonSuccess;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  wrk  {name}: {result.PerSecond:F0}/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, {result.Requests} requests, generator CPU {result.CpuSeconds / machine:P0}, server {serverUsed / machine:P0} ({processes}) {result.Errors}\n      server threads: {split}{Storage(storage)}"));
        return new Row(name, "wrk", result.PerSecond, result.P50, result.P99, failures, result.PerSecond / (ceiling ?? result.PerSecond), result.CpuSeconds / machine, serverUsed / machine, processes);
    }

    private static async Task<Row> DriverAsync(string name, int count, int concurrency, Target server, double? ceiling, Func<int, Task<bool>> operation)
    {
        var serverCpu = server.CpuSeconds();
        var threads = ThreadCpu.Snapshot(server.ProcessId);
        var ownCpu = ProcessCpu.Own();
        var started = DateTime.UtcNow;
        using var trace = ThreadCpu.StartTrace(name, server.ProcessId, 10);
        await using var commits = CommitProbe.Start(server.ProcessId);
        var result = await Phase.RunAsync(name, count, concurrency, operation);
        var storage = commits is null ? null : await commits.StopAsync();
        if (trace is not null)
        {
            await trace.WaitForExitAsync();
        }

        var machine = (DateTime.UtcNow - started).TotalSeconds * Environment.ProcessorCount;
        var generator = (ProcessCpu.Own() - ownCpu) / machine;
        var serverCpuAfter = server.CpuSeconds();
        var serverUsed = (serverCpuAfter.Sum() - serverCpu.Sum()) / machine;
        var processes = server.CpuSplit(serverCpu, serverCpuAfter, machine);
        var split = ThreadCpu.Split(threads, ThreadCpu.Snapshot(server.ProcessId));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  .NET {name}: {result.PerSecond:F0}/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, {result.Failures} failures, generator CPU {generator:P0}, server {serverUsed:P0} ({processes})\n      server threads: {split}{Storage(storage)}"));
        return new Row(name, ".NET", result.PerSecond, result.P50, result.P99, result.Failures, count == 1 ? null : result.PerSecond / (ceiling ?? result.PerSecond), generator, serverUsed, processes);
    }

    /// <summary>The group commit's figures for the phase (<see cref="CommitProbe"/>), on a line of their own.</summary>
    private static string Storage(string? commits) => commits is null ? "" : $"\n      storage: {commits}";

    private static async Task<bool> PostFormAsync(HttpClient http, string path, string? authorization, string form, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == expected;
    }

    private static Dictionary<string, string> Form(string body, string? authorization) => new()
    {
        ["BENCH_BODY"] = body, ["BENCH_AUTH"] = authorization ?? "",
    };

    private static string Basic(string user, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));

    private static Uri Combine(this Uri baseAddress, string path) => new(baseAddress, path);
}

/// <summary>One phase's figures: the generator, rate, latency, failures, fraction of that generator's ceiling, CPU shares of the machine.</summary>
internal sealed record Row(string Name, string Generator, double PerSecond, double P50, double P99, long Failures, double? Ratio, double GeneratorCpu, double ServerCpu, string Processes = "");

/// <summary>One run: its phases and the single figures (heap per pending deferral).</summary>
internal sealed record RunResult(List<Row> Rows, Dictionary<string, double> Notes)
{
    /// <summary>The 1-minute load average at the start and end of the run.</summary>
    public string LoadAverage { get; init; } = "";
}
