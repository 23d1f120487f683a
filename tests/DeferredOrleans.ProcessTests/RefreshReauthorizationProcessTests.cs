using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The talk's refresh example on the real server and clock, with lifetimes of seconds instead of months: a grant of
/// 20 s asks alice 15 s before it ends; the client refreshes after the end, is deferred to that same request, alice
/// approves, and the poll returns tokens whose grant lasts 20 s more; rotation carries on.
/// </summary>
public sealed class RefreshReauthorizationProcessTests
{
    private const string Ciba = "ciba-client:ciba-secret";

    [Fact]
    public async Task RefreshAfterTheEnd_OwnerApproves_SameGrantExtendedAndRotationContinues()
    {
        using var database = new TempDatabase("process");
        await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)
        {
            Settings = new Dictionary<string, string>
            {
                // ciba-client is the demo's third client; here it may also refresh.
                ["DeferredOrleans__Clients__2__GrantTypes__1"] = "refresh_token",
                ["DeferredOrleans__Clients__2__RefreshAuthorizationLifetime"] = "00:00:20",
                ["DeferredOrleans__Clients__2__ReauthorizationLeadTime"] = "00:00:15",
            },
        });
        using var http = new HttpClient { BaseAddress = server.Address };

        // A grant for alice through CIBA, which she approves.
        var started = await PostAsync(http, "/bc-authorize", Ciba, ("scope", "openid docs:read"), ("login_hint", "alice"));
        var authReqId = started.GetProperty("auth_req_id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(http, "alice", authReqId)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var granted = await PostAsync(http, "/token", Ciba, ("grant_type", "urn:openid:params:grant-type:ciba"), ("auth_req_id", authReqId));
        Assert.True(granted.TryGetProperty("refresh_token", out var firstRefresh), granted.ToString());
        Assert.InRange(granted.GetProperty("refresh_token_expires_in").GetInt32(), 15, 20);
        Assert.Equal(granted.GetProperty("authorization_expires_in").GetInt32(), granted.GetProperty("refresh_token_expires_in").GetInt32());

        // RFC 7662: the client the refresh token was issued to sees its grant's lifetime; another client sees nothing.
        var introspected = await PostAsync(http, "/introspect", Ciba, ("token", firstRefresh.GetString()!));
        Assert.True(introspected.GetProperty("active").GetBoolean(), introspected.ToString());
        Assert.Equal("alice", introspected.GetProperty("sub").GetString());
        Assert.InRange(introspected.GetProperty("refresh_token_expires_in").GetInt32(), 10, 20);
        var foreign = await PostAsync(http, "/introspect", "agent:agent-secret", ("token", firstRefresh.GetString()!));
        Assert.Equal("""{"active":false}""", foreign.ToString());

        // At the lead time alice is asked, before the client does anything.
        var asked = await EventuallyAsync(async () => (await ListAsync(http, "alice")).Where(a => a.GetProperty("grant_type").GetString() == "reauthorization").Cast<JsonElement?>().FirstOrDefault(), TimeSpan.FromSeconds(20));
        var reauthorizationId = asked.GetProperty("id").GetString()!;

        // After the end, the refresh is deferred to that same request.
        await Task.Delay(TimeSpan.FromSeconds(16));
        var deferred = await PostAsync(http, "/token", Ciba, ("grant_type", "refresh_token"), ("refresh_token", firstRefresh.GetString()!));
        Assert.Equal("authorization_pending", deferred.GetProperty("error").GetString());
        var code = deferred.GetProperty("deferral_code").GetString()!;
        Assert.Equal(reauthorizationId, ApprovalIds.Of(code));

        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(http, "alice", code)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(deferred.GetProperty("interval").GetInt32()));
        var extended = await PostAsync(http, "/token", Ciba, ("grant_type", "urn:ietf:params:oauth:grant-type:deferred"), ("deferral_code", code));
        Assert.True(extended.TryGetProperty("access_token", out _), extended.ToString());
        Assert.InRange(extended.GetProperty("refresh_token_expires_in").GetInt32(), 10, 20);
        var secondRefresh = extended.GetProperty("refresh_token").GetString()!;
        Assert.StartsWith(firstRefresh.GetString()![..22], secondRefresh, StringComparison.Ordinal); // the same family

        var rotated = await PostAsync(http, "/token", Ciba, ("grant_type", "refresh_token"), ("refresh_token", secondRefresh));
        Assert.True(rotated.TryGetProperty("access_token", out _), rotated.ToString());
        Assert.NotEqual(secondRefresh, rotated.GetProperty("refresh_token").GetString());
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string credentials, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        request.Headers.Authorization = Basic(credentials);
        using var response = await http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> ApproveAsync(HttpClient http, string approver, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{ApprovalIds.Of(code)}/approve") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = Basic($"{approver}:demo");
        return await http.SendAsync(request);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient http, string approver)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/approvals");
        request.Headers.Authorization = Basic($"{approver}:demo");
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return [.. (body.ValueKind == JsonValueKind.Array ? body : body.GetProperty("items")).EnumerateArray()];
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> find, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await find() is { } found)
            {
                return found;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("alice was never asked to re-authorize the grant");
    }

    private static AuthenticationHeaderValue Basic(string credentials) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
}
