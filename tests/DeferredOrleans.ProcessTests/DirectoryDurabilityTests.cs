using System.Net;
using System.Net.Http.Headers;
using System.Text;
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
            using var http = new HttpClient { BaseAddress = before.Address };
            var owner = await SendAsync(http, HttpMethod.Put, "/admin/directory/resources", "dave:demo", "{\"pattern\":\"wiki-*\",\"owner\":\"carol\"}");
            var delegation = await SendAsync(http, HttpMethod.Put, "/approvals/delegations/carol-away", "carol:demo", "{\"to\":\"bob\",\"resources\":[\"wiki-*\"]}");
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
            Assert.Equal(HttpStatusCode.OK, delegation.StatusCode);
            await before.KillAsync();
        }

        await using var after = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        using var client = new HttpClient { BaseAddress = after.Address };
        using var token = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent([
                KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "doc:write"),
                KeyValuePair.Create("resource", "wiki-home"), KeyValuePair.Create("completion_mode", "deferred")]),
        };
        token.Headers.Authorization = Basic("agent:agent-secret");
        using var deferred = await client.SendAsync(token);
        Assert.Equal("authorization_pending", JsonDocument.Parse(await deferred.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        // wiki-* belongs to carol, who is away: bob decides for her.
        using var inbox = await SendAsync(client, HttpMethod.Get, "/approvals", "bob:demo");
        var items = JsonDocument.Parse(await inbox.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("resource").EnumerateArray().Any(r => r.GetString() == "wiki-home"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string credentials, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = Basic(credentials);
        return await http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
}
