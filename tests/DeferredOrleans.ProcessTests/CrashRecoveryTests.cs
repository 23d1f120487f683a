using System.Net;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>The embedded profile's promise: a pending, partly approved request survives kill -9 and a restart.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task KillNine_PendingPartlyApprovedRequest_SurvivesAndCompletes()
    {
        using var database = new TempDatabase("process");
        string code;
        await using (var before = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)))
        {
            using var client = new DemoClient(before.Address);
            var deferred = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "admin:users"), ("completion_mode", "deferred"));
            Assert.Equal("authorization_pending", deferred.GetProperty("error").GetString());
            code = deferred.GetProperty("deferral_code").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await client.ApproveAsync("bob", code)).StatusCode);
            await before.KillAsync();
        }

        await using var after = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        using var restarted = new DemoClient(after.Address);

        Assert.Equal(HttpStatusCode.Conflict, (await restarted.ApproveAsync("bob", code)).StatusCode);

        // A real server on a real clock: the client honours the 5 s interval like any client would.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var pending = await PollAsync(restarted, code);
        Assert.Equal("step=quorum;approved=1;required=2", pending.GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await restarted.ApproveAsync("carol", code)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var token = await PollAsync(restarted, code);

        Assert.True(token.TryGetProperty("access_token", out _), token.ToString());
    }

    private static Task<JsonElement> PollAsync(DemoClient client, string code) =>
        client.TokenAsync(("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", code));
}
