using Xunit.Abstractions;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// Storage (Azurite, or the PostgreSQL server) stopped for 10 s under traffic: retriable answers fast, nothing
/// half-written, service resumes by itself.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    // Azure Storage clients give up after a 3 s network timeout and one retry; a refused connection fails at once.
    private static readonly TimeSpan FailFastBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(ClusterStorage.Azurite)]
    [InlineData(ClusterStorage.Postgres)]
    public async Task StorageStopped_MidTraffic_FailsFastRetriablyLosesNothingAndResumes(ClusterStorage storage)
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 2, storage);
        using var client = new DtrClient(cluster.GatewayAddress);
        using var probe = new HttpClient { BaseAddress = cluster.GatewayAddress, Timeout = TimeSpan.FromSeconds(10) };
        var ledger = new Ledger();
        ledger.AddCodes(await Traffic.CreateAsync(client, "pair:write", 40));

        using var stop = new CancellationTokenSource();
        var traffic = ledger.RunTrafficAsync(client, workers: 6, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));

        await cluster.Storage.StopAsync();
        var stoppedAt = ledger.Clock.Elapsed;

        // Readiness reflects storage: the gateway reports not ready while storage is away.
        await Wait.UntilAsync("the gateway reports not ready", Outage, async () =>
            (int)(await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == 503);

        // The outage is the subject of this test: it lasts 10 s of wall-clock time by definition.
        await Task.Delay(Outage - (ledger.Clock.Elapsed - stoppedAt));
        await cluster.Storage.StartAsync();
        var startedAt = ledger.Clock.Elapsed;

        var resumed = await Wait.UntilAsync("a new deferral is created again", ResumeBound, () => Task.FromResult(
            ledger.Answers.Any(a => a.At > startedAt && a.Answer.Property("deferral_code") is not null)), cluster.Diagnostics);
        await Wait.UntilAsync("the gateway reports ready", ResumeBound, async () =>
            (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await traffic;

        var answers = ledger.Answers.Select(a => a.Answer).ToArray();
        var unavailable = answers.Where(a => a.IsUnavailable).ToArray();
        output.WriteLine($"{answers.Length} requests, {unavailable.Length} answered 503 (slowest {unavailable.Select(a => a.Took.TotalMilliseconds).DefaultIfEmpty().Max():0} ms); " +
                         $"service resumed {resumed.TotalSeconds:0.0} s after {storage} came back; {ledger.Codes} deferrals to verify");

        output.WriteLine(string.Join(", ", answers.GroupBy(a => $"{a.Status} {a.Error}").Select(g => $"{g.Key}: {g.Count()}")));
        Assert.NotEmpty(unavailable);
        Assert.All(answers, a => Assert.True(
            a.Status is 200 or 503 || (a.Status == 400 && a.Error == "authorization_pending") || (a.Status == 409 && a.Error is "already_decided" or "not_pending"),
            $"unexpected answer: {a}"));
        Assert.All(unavailable, a =>
        {
            Assert.True(a.HasRetryAfter, a.ToString());
            Assert.True(a.Took < FailFastBound, $"too slow to fail: {a}");
            Assert.True(!a.Path.StartsWith("/token", StringComparison.Ordinal) || a.Error == "temporarily_unavailable", a.ToString());
        });
        Assert.All(cluster.Silos, s => Assert.False(s.Process.HasExited, $"silo {s.Number} died"));

        await ledger.VerifyNothingLostAsync(client);
        var orphans = await ledger.VerifyInboxWholeAsync(client, "bob");
        output.WriteLine($"Nothing lost; {orphans} request(s) whose creation got an error are whole and simply pending");
    }
}
