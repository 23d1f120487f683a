using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The write path's two batching devices under <c>kill -9</c>. The group commit shares one SQLite transaction among
/// many concurrent grain writes: every deferral whose Deferred Token Response reached its client must still be there
/// after the process is killed in the middle of a burst (draft-ietf-oauth-deferred-token-response-01 §5 promises the
/// client it can poll). The timer wheel keeps a deadline per deferral in a bucket with one reminder: a deferral
/// created just before the kill must still expire on time after the restart, with no poll to trigger it.
/// </summary>
public sealed class WritePathCrashTests
{
    private const string Admin = "dave:demo";
    private const int Burst = 120;

    [Fact]
    public async Task KillNine_DuringABurstOfCreations_EveryAnsweredDeferralSurvives()
    {
        using var database = new TempDatabase("process");
        var answered = new ConcurrentBag<string>();
        var launch = new GatewayLaunch(database.Path)
        {
            // One agent sends the whole burst: lift its per-account limit (100 at once) out of the way.
            Settings = new Dictionary<string, string> { ["DeferredOrleans__BruteForce__PerAccount__Burst"] = "1000" },
        };
        await using (var before = await GatewayProcess.StartAsync(launch))
        {
            using var client = new DemoClient(before.Address);
            using var enoughAnswers = new SemaphoreSlim(0);
            var burst = Enumerable.Range(0, Burst).Select(async _ =>
            {
                try
                {
                    var answer = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "admin:users"), ("completion_mode", "deferred"));
                    Assert.Equal("authorization_pending", answer.GetProperty("error").GetString());
                    answered.Add(answer.GetProperty("deferral_code").GetString()!);
                    enoughAnswers.Release();
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
                {
                    // Cut off by the kill: the client was told nothing, so nothing is owed to it.
                }
            }).ToList();

            // Kill while the rest of the burst is still being written.
            for (var i = 0; i < Burst / 3; i++)
            {
                await enoughAnswers.WaitAsync(TimeSpan.FromSeconds(60));
            }

            await before.KillAsync();
            await Task.WhenAll(burst);
        }

        Assert.True(answered.Count >= Burst / 3, $"{answered.Count} answers before the kill");
        await using var after = await GatewayProcess.StartAsync(launch);
        using var restarted = new DemoClient(after.Address);

        // bob is one of the admins every such request is routed to: each one told to its client is in his inbox.
        var inbox = await JsonAsync(await restarted.SendAsync(HttpMethod.Get, "/approvals?limit=200", "bob:demo"));
        var listed = inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToHashSet();
        var missing = answered.Where(code => !listed.Contains(ApprovalIds.Of(code))).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {answered.Count} answered deferrals are not in the inbox after kill -9");

        // And each still polls as pending (after the 5 s interval the server asked for).
        await Task.Delay(TimeSpan.FromSeconds(5));
        foreach (var code in answered)
        {
            var poll = await restarted.TokenAsync(("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", code));
            Assert.True(poll.GetProperty("error").GetString() == "authorization_pending", poll.ToString());
        }
    }

    [Fact]
    public async Task KillNine_BeforeADeadline_TheTimerWheelStillExpiresTheDeferralAfterTheRestart()
    {
        using var database = new TempDatabase("process");
        var launch = new GatewayLaunch(database.Path)
        {
            // The demo's two-admin rule (the fourth), with a 20 s lifetime instead of an hour.
            Settings = new Dictionary<string, string> { ["DeferredOrleans__Policy__Rules__3__ExpiresIn"] = "20" },
        };
        string id;
        await using (var before = await GatewayProcess.StartAsync(launch))
        {
            using var client = new DemoClient(before.Address);
            var deferred = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "admin:users"), ("completion_mode", "deferred"));
            Assert.Equal(20, deferred.GetProperty("expires_in").GetInt32());
            id = ApprovalIds.Of(deferred.GetProperty("deferral_code").GetString()!);
            await before.KillAsync();
        }

        await using var after = await GatewayProcess.StartAsync(launch);
        using var restarted = new DemoClient(after.Address);

        // Nobody polls and nobody opens the request: only the bucket's reminder, restored from the database, can
        // expire it. Wait for the audit log to say so.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var events = new List<string>();
        while (DateTimeOffset.UtcNow < deadline)
        {
            var audit = await JsonAsync(await restarted.SendAsync(HttpMethod.Get, $"/admin/audit?deferral={id}", Admin));
            events = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToList();
            if (events.Contains("deferral.expired"))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["deferral.created", "deferral.expired"], events.Order());
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }
}
