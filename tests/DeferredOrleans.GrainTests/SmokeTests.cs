using DeferredOrleans.Keys;

namespace DeferredOrleans.GrainTests;

public sealed class SmokeTests
{
    [Fact]
    public async Task KeyRing_OnSqlite_SurvivesClusterRestart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"do-smoke-{Guid.NewGuid():N}.db");
        KeyRing first;
        await using (var cluster = await TestCluster.StartAsync(path))
        {
            first = await cluster.Grains.GetGrain<IKeyRingGrain>("default").GetAsync();
        }

        await using (var cluster = await TestCluster.StartAsync(path))
        {
            var second = await cluster.Grains.GetGrain<IKeyRingGrain>("default").GetAsync();
            Assert.Equal(first.KeyId, second.KeyId);
        }
    }
}
