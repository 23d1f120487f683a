using System.Diagnostics;
using Xunit.Abstractions;

namespace DeferredOrleans.ClusterTests;

/// <summary>Two silos, 500 pending deferrals, kill -9 of the silo that hosts most of them: nothing is lost, on either storage.</summary>
public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    private const int Deferrals = 500;
    private const int Expiring = 20;

    // Membership declares a dead silo dead after about 3 to 5 s (MembershipTuning); the rest is reactivation from storage.
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(ClusterStorage.Azurite)]
    [InlineData(ClusterStorage.Postgres)]
    public async Task KillNine_SiloHostingMostDeferrals_SurvivorServesEveryOneWithItsStateAndEachYieldsOneToken(ClusterStorage storage)
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 2, storage);
        using var client = new DtrClient(cluster.GatewayAddress);
        var total = Stopwatch.StartNew();

        var codes = await Traffic.CreateAsync(client, "pair:write", Deferrals);
        var ids = codes.Select(ApprovalIds.Of).ToArray();
        var partly = ids.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, answer) in await Traffic.ForEachAsync(partly, id => client.ApproveAsync("bob", id)))
        {
            Assert.True(answer.Status == 200 && answer.Property("status") == "pending", $"{id}: {answer}");
        }

        var expiring = (await Traffic.CreateAsync(client, "short:write", Expiring)).Select(ApprovalIds.Of).ToArray();
        var lastCreation = Stopwatch.StartNew();
        output.WriteLine($"{Deferrals} deferrals created, {partly.Count} partly approved, {Expiring} short-lived, in {total.Elapsed.TotalSeconds:0.0} s");

        // Which silo hosts what, from the silos' own "created" log lines.
        await Wait.UntilAsync("both silos logged every creation", TimeSpan.FromSeconds(10), () => Task.FromResult(
            cluster.Silos.Sum(s => LocalCluster.HostedDeferrals(s.Process).Count) == Deferrals + Expiring));
        var hosted = cluster.Silos.Select(s => LocalCluster.HostedDeferrals(s.Process).Count(ids.Contains)).ToArray();
        var victim = cluster.Silos[hosted[0] >= hosted[1] ? 0 : 1];
        var survivor = cluster.Silos.Single(s => s != victim);
        output.WriteLine($"silo 1 hosts {hosted[0]}, silo 2 hosts {hosted[1]}; killing silo {victim.Number}");
        Assert.True(hosted.Max() >= Deferrals / 2);

        await victim.Process.KillAsync();

        // Within the bound, every deferral answers again, with the approvals it had: the state came from storage.
        var remaining = ids.ToHashSet(StringComparer.Ordinal);
        var unavailable = 0;
        var failover = await Wait.UntilAsync("the survivor serves every deferral with its state", FailoverBound, async () =>
        {
            foreach (var (id, answer) in await Traffic.ForEachAsync(remaining.ToArray(), id => client.ViewAsync("carol", id)))
            {
                if (answer.IsUnavailable)
                {
                    Assert.True(answer.HasRetryAfter, answer.ToString());
                    unavailable++;
                    continue;
                }

                Assert.True(answer.Status == 200, $"{id}: {answer}");
                Assert.Equal(partly.Contains(id) ? 1 : 0, answer.Approved);
                remaining.Remove(id);
            }

            return remaining.Count == 0;
        }, cluster.Diagnostics);
        output.WriteLine($"Failover: every deferral served again {failover.TotalSeconds:0.0} s after kill -9 ({unavailable} retriable 503 answers meanwhile)");

        // The remaining approvals complete.
        foreach (var (id, answer) in await Traffic.ForEachAsync(ids, id => client.ApproveAsync("carol", id)))
        {
            Assert.True(answer.Status == 200, $"{id}: {answer}");
            Assert.Equal(partly.Contains(id) ? "approved" : "pending", answer.Property("status"));
        }

        foreach (var (id, answer) in await Traffic.ForEachAsync(ids.Where(id => !partly.Contains(id)), id => client.ApproveAsync("bob", id)))
        {
            Assert.True(answer.Status == 200 && answer.Property("status") == "approved", $"{id}: {answer}");
        }

        // RFC 8628 §3.5: no poll sooner than the interval after the deferred response.
        if (lastCreation.Elapsed < TimeSpan.FromSeconds(5.5))
        {
            await Task.Delay(TimeSpan.FromSeconds(5.5) - lastCreation.Elapsed);
        }

        // Exactly one token per deferral, even when two polls race.
        var tokens = 0;
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = Traffic.Concurrency / 2 }, async (code, _) =>
        {
            var race = await Task.WhenAll(client.PollAsync(code), client.PollAsync(code));
            var issued = race.Count(a => a.Status == 200 && a.Property("access_token") is not null);
            Assert.True(issued == 1, string.Join("\n", race.Select(a => a.ToString())));
            Assert.Contains(race, a => a.Error == "invalid_grant");
            Interlocked.Add(ref tokens, issued);
        });
        Assert.Equal(Deferrals, tokens);
        foreach (var (code, answer) in await Traffic.ForEachAsync(codes, client.PollAsync))
        {
            Assert.True(answer.Error == "invalid_grant", $"{code}: {answer}");
        }

        // Expiry reminders still fire, on the only silo left, for deferrals hosted by either silo.
        var reminders = await Wait.UntilAsync("every expiry reminder fired on the survivor", TimeSpan.FromSeconds(90), () => Task.FromResult(
            expiring.All(LocalCluster.ExpiredByReminder(survivor.Process).Contains)), cluster.Diagnostics);
        output.WriteLine($"Expiry reminders of {Expiring} deferrals fired; whole test {total.Elapsed.TotalSeconds:0.0} s");
    }
}
