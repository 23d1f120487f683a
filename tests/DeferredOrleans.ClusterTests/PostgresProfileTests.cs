using System.Diagnostics;
using Xunit.Abstractions;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// The PostgreSQL profile end to end: a deferral created and approved by its quorum, the whole cluster restarted on
/// the same database (which finds the schema complete and leaves it alone), then the deferral redeemed exactly once.
/// </summary>
public sealed class PostgresProfileTests(ITestOutputHelper output)
{
    private const string SchemaCreated = "Created the Orleans schema in PostgreSQL";

    [Fact]
    public async Task Deferral_ApprovedThenWholeClusterRestarted_IsRedeemedOnceAndTheSchemaIsCreatedOnce()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 2, ClusterStorage.Postgres);
        using var client = new DtrClient(cluster.GatewayAddress);
        var sinceCreation = Stopwatch.StartNew();
        var code = (await Traffic.CreateAsync(client, "pair:write", 1)).Single();
        var id = ApprovalIds.Of(code);

        var first = await client.ApproveAsync("bob", id);
        Assert.True(first.Status == 200 && first.Property("status") == "pending", first.ToString());
        var second = await client.ApproveAsync("carol", id);
        Assert.True(second.Status == 200 && second.Property("status") == "approved", second.ToString());

        // The two silos started together: one created the schema, the other waited on its lock and found it complete.
        Assert.Single(cluster.Silos, s => s.Process.Output.Contains(SchemaCreated, StringComparison.Ordinal));

        var restart = Stopwatch.StartNew();
        await cluster.RestartAllAsync();
        output.WriteLine($"Whole cluster restarted on the same database in {restart.Elapsed.TotalSeconds:0.0} s");
        Assert.All(cluster.Silos, s => Assert.DoesNotContain(SchemaCreated, s.Process.Output, StringComparison.Ordinal));

        var view = await client.ViewAsync("carol", id);
        Assert.True(view.Status == 200, view.ToString());
        Assert.Equal(2, view.Approved);

        // RFC 8628 §3.5: no poll sooner than the interval after the deferred response.
        if (sinceCreation.Elapsed < TimeSpan.FromSeconds(5.5))
        {
            await Task.Delay(TimeSpan.FromSeconds(5.5) - sinceCreation.Elapsed);
        }

        var token = await client.PollAsync(code);
        Assert.True(token.Status == 200 && token.Property("access_token") is not null, token.ToString());
        var again = await client.PollAsync(code);
        Assert.True(again.Error == "invalid_grant", again.ToString());
    }
}
