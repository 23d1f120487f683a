using System.Collections.Immutable;
using DeferredOrleans.Deferrals;

namespace DeferredOrleans.GrainTests;

public sealed class ReminderSmokeTests
{
    [Fact]
    public async Task ExpiryReminder_OnSqlite_Fires()
    {
        var path = Path.Combine(Path.GetTempPath(), $"do-rem-{Guid.NewGuid():N}.db");
        await using var cluster = await TestCluster.StartAsync(path);
        var now = cluster.Time.GetUtcNow();
        var grain = cluster.Grains.GetGrain<IDeferralGrain>("rem-1");
        var request = new DeferredTokenRequest("agent", "client_credentials", "agent", ["doc:write"], ["doc-789"]);
        var plan = new ApprovalPlan("r", [new ApprovalRequirement("owner", ApprovalRoute.ResourceOwner, ["alice"], 1)], now.AddSeconds(2), 1, TimeSpan.FromHours(1));
        await grain.CreateAsync(request, plan);
        cluster.Time.Advance(TimeSpan.FromSeconds(3));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        ApprovalView? view = null;
        while (DateTime.UtcNow < deadline)
        {
            var f = System.IO.File.ReadAllBytes(path);
            await Task.Delay(500);
            view = await grain.GetViewAsync("alice");
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "select count(*) from OrleansStorage where PayloadBinary is not null and GrainTypeString='deferral' and Version > 1";
            if ((long)cmd.ExecuteScalar()! > 0) break;
        }
        view = await grain.GetViewAsync("alice");
        Assert.Equal(DeferralStatus.Expired, view!.Status);
    }
}
