using Xunit.Abstractions;

namespace DeferredOrleans.ClusterTests;

/// <summary>The gateway is stateless: kill -9 and a restart under traffic lose nothing a client or approver was told.</summary>
public sealed class GatewayRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillNineAndRestart_GatewayMidTraffic_LosesNothing()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 2);
        using var client = new DtrClient(cluster.GatewayAddress);
        var ledger = new Ledger();
        ledger.AddCodes(await Traffic.CreateAsync(client, "pair:write", 30));

        using var stop = new CancellationTokenSource();
        var traffic = ledger.RunTrafficAsync(client, workers: 4, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var restart = await cluster.RestartGatewayAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await traffic;

        var answers = ledger.Answers.Select(a => a.Answer).ToArray();
        output.WriteLine($"Gateway back {restart.TotalSeconds:0.0} s after kill -9; {answers.Length} requests, {answers.Count(a => a.NoConnection)} found no gateway, {ledger.Codes} deferrals to verify");
        Assert.All(answers, a => Assert.True(
            a.Status is 0 or 200 or 503 || (a.Status == 400 && a.Error == "authorization_pending") || (a.Status == 409 && a.Error is "already_decided" or "not_pending"),
            $"unexpected answer: {a}"));

        await ledger.VerifyNothingLostAsync(client);
        await ledger.VerifyInboxWholeAsync(client, "bob");
    }
}
