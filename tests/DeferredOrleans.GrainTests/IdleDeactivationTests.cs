using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Grains.Deferrals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Runtime;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// A deferral nobody calls leaves memory after <c>Deferrals:IdleDeactivation</c> and comes back whole on the next
/// call: its decisions, its quorum progress, and its single redemption.
/// </summary>
public sealed class IdleDeactivationTests
{
    private static readonly PollRequest Agent = new("agent");

    [Fact]
    public async Task IdleDeferral_LeavesMemory_AndTheNextCallFindsItWhole()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(file.Path, time: time);
        var id = Requests.NewId();
        var deferral = cluster.Grains.GetGrain<IDeferralGrain>(id);
        await deferral.CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToAdmins(time.GetUtcNow())));
        await deferral.DecideAsync(new ApproverDecision("bob", true));
        Assert.Equal(1, await ActivationsAsync(cluster));

        // What the silo's activation collector does once the deferral has been idle for its age.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await ActivationsAsync(cluster));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PollVerdict.Pending, (await deferral.PollAsync(Agent)).Verdict);
        Assert.Equal(DecisionResult.AlreadyDecided, (await deferral.DecideAsync(new ApproverDecision("bob", true))).Result);
        await deferral.DecideAsync(new ApproverDecision("carol", true));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PollVerdict.Issued, (await deferral.PollAsync(Agent)).Verdict);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PollVerdict.Redeemed, (await deferral.PollAsync(Agent)).Verdict);
    }

    [Fact]
    public async Task IdleDeactivation_IsTheDeferralGrainsCollectionAge()
    {
        await using var cluster = await TestCluster.StartAsync(settings: new Dictionary<string, string?> { ["DeferredOrleans:Deferrals:IdleDeactivation"] = "00:03:00" });

        var options = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(3), options.ClassSpecificCollectionAge[typeof(DeferralGrain).FullName!]);
    }

    private static async Task<int> ActivationsAsync(TestCluster cluster) =>
        (await cluster.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(nameof(DeferralGrain), StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
