using System.Net;
using System.Text.Json;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The admin API on the engine organization: directory changes at runtime, the policy's status and explanations,
/// a policy file reloaded when it changes (a bad one is refused with its line), and the audit log's queries.
/// </summary>
[Collection(EngineGatewayCollection.Name)]
public sealed class AdminApiTests(EngineGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Theory]
    [InlineData("GET", "/admin/directory", null)]
    [InlineData("GET", "/admin/policy", null)]
    [InlineData("POST", "/admin/policy/explain", "{}")]
    [InlineData("GET", "/admin/audit", null)]
    [InlineData("GET", "/admin/audit/verify", null)]
    [InlineData("POST", "/admin/audit/verify", "{}")]
    [InlineData("POST", "/admin/audit/checkpoints", "{}")]
    [InlineData("GET", "/admin/audit/checkpoints/latest", null)]
    [InlineData("PUT", "/admin/directory/groups/sneaky", "{\"members\":[\"sam\"]}")]
    public async Task NonAdmin_IsForbiddenAndAnonymousUnauthenticated(string method, string path, string? body)
    {
        var asApprover = await _client.SendAsync(new HttpMethod(method), path, OAuthTestClient.Basic("sam", "sam-pw"), body is null ? null : OAuthTestClient.Json(body));
        var anonymous = await _client.SendAsync(new HttpMethod(method), path, null, body is null ? null : OAuthTestClient.Json(body));

        Assert.Equal(HttpStatusCode.Forbidden, asApprover.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("no-store", asApprover.CacheControl);
    }

    [Fact]
    public async Task Directory_NewOwnerAtRuntime_RoutesTheNextRequestAndIsListed()
    {
        var user = await AdminAsync(HttpMethod.Put, "/admin/directory/users/nina", "{\"name\":\"Nina\",\"password_hash\":\"" + Hash("nina-pw") + "\"}");
        var resource = await AdminAsync(HttpMethod.Put, "/admin/directory/resources", "{\"pattern\":\"wiki-*\",\"owner\":\"nina\"}");
        Assert.Equal(HttpStatusCode.OK, user.Status);
        Assert.Equal(HttpStatusCode.OK, resource.Status);

        var code = await _client.DeferAsync("agent-a", "doc:write", ("resource", "wiki-home"));
        var inbox = await _client.SendAsync(HttpMethod.Get, "/approvals", OAuthTestClient.Basic("nina", "nina-pw"));

        Assert.Contains(inbox.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == DeferralCodes.Id(code));
        var directory = await AdminAsync(HttpMethod.Get, "/admin/directory");
        Assert.Contains(directory.Json.GetProperty("resources").EnumerateArray(), r => r.GetProperty("pattern").GetString() == "wiki-*");
        Assert.DoesNotContain("pbkdf2", directory.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/directory/users/x", "{\"name\":\"no credential\"}")]
    [InlineData("/admin/directory/resources", "{\"pattern\":\"orphan-*\",\"owner\":\"nobody-known\"}")]
    [InlineData("/admin/directory/groups/admins", "{\"members\":[\"bob\"]}")]
    [InlineData("/admin/directory/groups/g", "not json")]
    public async Task Directory_ChangeThatWouldNotHold_IsRefusedAndNothingChanges(string path, string body)
    {
        var before = await AdminAsync(HttpMethod.Get, "/admin/directory");

        var reply = await AdminAsync(HttpMethod.Put, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_request", reply.Error);
        Assert.Equal(before.Json.GetProperty("version").GetInt64(), (await AdminAsync(HttpMethod.Get, "/admin/directory")).Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Explain_HypotheticalRequest_NamesTheRuleWhyAndTheRoute()
    {
        var reply = await AdminAsync(HttpMethod.Post, "/admin/policy/explain",
            "{\"client_id\":\"agent-a\",\"scope\":\"ledger:write export\",\"resource\":[\"ledger-2026\"]}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("defer", reply.Json.GetProperty("decision").GetString());
        var items = reply.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("item").GetString() == "scope ledger:write" && i.GetProperty("rule").GetString() == "ledger-write");
        Assert.Contains(items, i => i.GetProperty("item").GetString() == "scope export" && i.GetProperty("outcome").GetString() == "allow");
        var route = Assert.Single(reply.Json.GetProperty("route").EnumerateArray());
        Assert.Equal("Delegate", route.GetProperty("via").GetString());
        Assert.Equal(["mia"], route.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("ian", route.GetProperty("on_behalf_of").GetString());
    }

    [Fact]
    public async Task Explain_CreatesNothing()
    {
        var before = (await _client.InboxAsync("carol", "?limit=200")).Json.GetProperty("items").GetArrayLength();

        await AdminAsync(HttpMethod.Post, "/admin/policy/explain", "{\"client_id\":\"agent-a\",\"scope\":\"deploy\"}");

        Assert.Equal(before, (await _client.InboxAsync("carol", "?limit=200")).Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task PolicyFile_Changed_IsReloadedAndABadOneIsRefusedWithItsLine()
    {
        var original = await File.ReadAllTextAsync(factory.PolicyFile);
        try
        {
            // A good change: a new rule, picked up without a restart.
            await File.WriteAllTextAsync(factory.PolicyFile, original.Replace("\"Rules\": [", "\"Rules\": [\n    { \"Name\": \"newsletter\", \"Match\": { \"Scopes\": [\"newsletter\"] }, \"Outcome\": \"allow\" },", StringComparison.Ordinal));
            await EventuallyAsync(async () => (await ExplainScopeAsync("newsletter")) == "allow");

            // A bad change: an unknown group on line 3. The last good policy stays in force, and the status says why.
            await File.WriteAllTextAsync(factory.PolicyFile, "{\n  \"Rules\": [\n    { \"Name\": \"broken\", \"Match\": { \"Scopes\": [\"*\"] }, \"Outcome\": \"defer\", \"Approvers\": { \"Group\": \"ghosts\" } }\n  ]\n}\n");
            await EventuallyAsync(async () => (await AdminAsync(HttpMethod.Get, "/admin/policy")).Json.GetProperty("last_error").ValueKind == JsonValueKind.String);

            var status = await AdminAsync(HttpMethod.Get, "/admin/policy");
            var error = status.Json.GetProperty("last_error").GetString()!;
            Assert.Contains("line 3", error, StringComparison.Ordinal);
            Assert.Contains("unknown group 'ghosts'", error, StringComparison.Ordinal);
            Assert.Equal("allow", await ExplainScopeAsync("newsletter"));
            Assert.True((await _client.TokenAsync("agent-a", ("grant_type", "client_credentials"), ("scope", "export"))).Has("access_token"));

            // Not JSON at all: the line of the syntax error.
            await File.WriteAllTextAsync(factory.PolicyFile, "{\n  \"Rules\": [\n    { \"Name\": \"x\", }\n    oops\n  ]\n}\n");
            await EventuallyAsync(async () => (await AdminAsync(HttpMethod.Get, "/admin/policy")).Json.GetProperty("last_error").GetString()!.Contains("not valid JSON", StringComparison.Ordinal));
            Assert.Contains("line 4", (await AdminAsync(HttpMethod.Get, "/admin/policy")).Json.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await File.WriteAllTextAsync(factory.PolicyFile, original);
            await EventuallyAsync(async () => (await AdminAsync(HttpMethod.Get, "/admin/policy")).Json.GetProperty("last_error").ValueKind == JsonValueKind.Null &&
                (await ExplainScopeAsync("newsletter")) == "deny");
        }
    }

    [Fact]
    public async Task Audit_EveryStepOfARequest_IsQueryableByRequestApproverAndClientAndTheChainVerifies()
    {
        var code = await RedeemedAsync();
        var id = DeferralCodes.Id(code);

        var byRequest = await AdminAsync(HttpMethod.Get, $"/admin/audit?deferral={id}");
        var byApprover = await AdminAsync(HttpMethod.Get, "/admin/audit?approver=carol&limit=1000");
        var byClient = await AdminAsync(HttpMethod.Get, "/admin/audit?client=agent-b&limit=1000");
        var future = await AdminAsync(HttpMethod.Get, $"/admin/audit?deferral={id}&from={Uri.EscapeDataString(_client.Time.GetUtcNow().AddDays(1).ToString("O"))}");
        var verify = await AdminAsync(HttpMethod.Get, "/admin/audit/verify");

        var kinds = byRequest.Json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("deferral.created", kinds);
        Assert.Equal(2, kinds.Count(k => k == "decision.recorded"));
        Assert.Contains("token.issued", kinds);
        Assert.Contains("deferral.redeemed", kinds);
        Assert.Contains(byApprover.Json.GetProperty("entries").EnumerateArray(), e => e.GetProperty("deferral").GetString() == id);
        Assert.All(byClient.Json.GetProperty("entries").EnumerateArray(), e => Assert.Equal("agent-b", e.GetProperty("client").GetString()));
        Assert.Empty(future.Json.GetProperty("entries").EnumerateArray());
        Assert.DoesNotContain(code, byRequest.Body, StringComparison.Ordinal);
        Assert.True(verify.Json.GetProperty("intact").GetBoolean(), verify.Body);
    }

    [Fact]
    public async Task Audit_ARedemption_IsRecordedOnceInTheSameAppendAsItsToken()
    {
        var code = await RedeemedAsync();
        Assert.Equal("invalid_grant", (await _client.PollAsync("agent-b", code)).Error);

        var entries = (await AdminAsync(HttpMethod.Get, $"/admin/audit?deferral={DeferralCodes.Id(code)}")).Json.GetProperty("entries").EnumerateArray().ToList();

        // One append puts its events consecutively into one shard: the redemption, then the token minted for it.
        var redeemed = Assert.Single(entries, e => e.GetProperty("kind").GetString() == "deferral.redeemed");
        var issued = Assert.Single(entries, e => e.GetProperty("kind").GetString() == "token.issued");
        Assert.Equal(redeemed.GetProperty("shard").GetInt32(), issued.GetProperty("shard").GetInt32());
        Assert.Equal(redeemed.GetProperty("sequence").GetInt64() + 1, issued.GetProperty("sequence").GetInt64());
        Assert.Equal("agent-b", redeemed.GetProperty("client").GetString());
    }

    [Fact]
    public async Task AuditCheckpoint_MadeOnDemand_VerifiesAsWitnessedAndAnAlteredCopyIsRefused()
    {
        await _client.DeferAsync("agent-b", "admin:users");

        var made = await AdminAsync(HttpMethod.Post, "/admin/audit/checkpoints");
        var latest = await AdminAsync(HttpMethod.Get, "/admin/audit/checkpoints/latest");
        var number = made.Json.GetProperty("number").GetInt64();
        var witnessed = await AdminAsync(HttpMethod.Post, "/admin/audit/verify", made.Body);
        var altered = await AdminAsync(HttpMethod.Post, "/admin/audit/verify", made.Body.Replace($"\"number\":{number},", $"\"number\":{number + 1},", StringComparison.Ordinal));
        var garbage = await AdminAsync(HttpMethod.Post, "/admin/audit/verify", "not a checkpoint");

        Assert.Equal(HttpStatusCode.OK, made.Status);
        Assert.Equal(made.Body, latest.Body);
        Assert.True(witnessed.Json.GetProperty("intact").GetBoolean(), witnessed.Body);
        Assert.StartsWith($"checkpoint {number} (", witnessed.Json.GetProperty("checkpoint").GetString(), StringComparison.Ordinal);
        Assert.False(altered.Json.GetProperty("intact").GetBoolean(), altered.Body);
        Assert.Contains("its signature does not verify with the audit key", altered.Json.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Equal("invalid_request", garbage.Error);
    }

    [Theory]
    [InlineData("?from=yesterday")]
    [InlineData("?limit=0")]
    [InlineData("?limit=100000")]
    public async Task Audit_MalformedQuery_IsRejected(string query)
    {
        var reply = await AdminAsync(HttpMethod.Get, $"/admin/audit{query}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_request", reply.Error);
    }

    private async Task<string?> ExplainScopeAsync(string scope) =>
        (await AdminAsync(HttpMethod.Post, "/admin/policy/explain", $"{{\"client_id\":\"agent-a\",\"scope\":\"{scope}\"}}")).Json.GetProperty("decision").GetString();

    /// <summary>A request of agent-b that bob and carol approved and agent-b redeemed; its deferral code.</summary>
    private async Task<string> RedeemedAsync()
    {
        var code = await _client.DeferAsync("agent-b", "admin:users");
        await _client.ApproveAsync("bob", code);
        await _client.ApproveAsync("carol", code);
        Assert.True((await _client.PollAsync("agent-b", code)).Has("access_token"));
        return code;
    }

    private Task<Reply> AdminAsync(HttpMethod method, string path, string? body = null) =>
        _client.SendAsync(method, path, OAuthTestClient.Basic("dave", "dave-pw"), body is null ? null : OAuthTestClient.Json(body));

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not pick up the change within 15 s");
            await Task.Delay(100);
        }
    }

    /// <summary>A PBKDF2 hash as <c>hash-secret</c> makes it.</summary>
    private static string Hash(string secret) => DeferredOrleans.Gateway.Security.SecretHasher.HashPassword(secret);
}
