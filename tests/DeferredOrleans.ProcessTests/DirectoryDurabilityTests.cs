using System.Net;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>Directory changes made through the admin API are durable: they survive kill -9 and a restart.</summary>
public sealed class DirectoryDurabilityTests
{
    [Fact]
    public async Task AdminChanges_SurviveKillNine_AndStillRouteRequests()
    {
        using var database = new TempDatabase("process");
        await using (var before = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)))
        {
            using var client = new DemoClient(before.Address);
            var owner = await client.SendAsync(HttpMethod.Put, "/admin/directory/resources", "dave:demo", "{\"pattern\":\"wiki-*\",\"owner\":\"carol\"}");
            var delegation = await client.SendAsync(HttpMethod.Put, "/approvals/delegations/carol-away", "carol:demo", "{\"to\":\"bob\",\"resources\":[\"wiki-*\"]}");
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
            Assert.Equal(HttpStatusCode.OK, delegation.StatusCode);
            await before.KillAsync();
        }

        await using var after = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        using var restarted = new DemoClient(after.Address);
        var deferred = await restarted.TokenAsync(("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "wiki-home"), ("completion_mode", "deferred"));
        Assert.Equal("authorization_pending", deferred.GetProperty("error").GetString());

        // wiki-* belongs to carol, who is away: bob decides for her.
        using var inbox = await restarted.SendAsync(HttpMethod.Get, "/approvals", "bob:demo");
        var items = JsonDocument.Parse(await inbox.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("resource").EnumerateArray().Any(r => r.GetString() == "wiki-home"));
    }
}
