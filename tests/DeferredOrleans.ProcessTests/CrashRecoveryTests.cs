using System.Net;
using System.Net.Http.Headers;
using System.Text;
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
            using var http = new HttpClient { BaseAddress = before.Address };
            var deferred = await TokenAsync(http, ("grant_type", "client_credentials"), ("scope", "admin:users"), ("completion_mode", "deferred"));
            Assert.Equal("authorization_pending", deferred.GetProperty("error").GetString());
            code = deferred.GetProperty("deferral_code").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(http, "bob", code)).StatusCode);
            await before.KillAsync();
        }

        await using var after = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        using var client = new HttpClient { BaseAddress = after.Address };

        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync(client, "bob", code)).StatusCode);

        // A real server on a real clock: the client honours the 5 s interval like any client would.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var pending = await PollAsync(client, code);
        Assert.Equal("step=quorum;approved=1;required=2", pending.GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(client, "carol", code)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var token = await PollAsync(client, code);

        Assert.True(token.TryGetProperty("access_token", out _), token.ToString());
    }

    private static Task<JsonElement> PollAsync(HttpClient http, string code) =>
        TokenAsync(http, ("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", code));

    private static async Task<JsonElement> TokenAsync(HttpClient http, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        request.Headers.Authorization = Basic("agent", "agent-secret");
        using var response = await http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> DecideAsync(HttpClient http, string approver, string code)
    {
        var id = ApprovalIds.Of(code);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{id}/approve") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = Basic(approver, "demo");
        return await http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
}
